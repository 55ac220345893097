package org.planwatch.aggregator.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipStep;

/**
 * A supervision slip as the status API answers it: its state, colour, deadlines (and
 * whether they have passed), the department's answer, and every step, in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SlipStatus(String id, String state, String colour, String condition, String reason, String requirement,
        String department, String issuedBy, Instant issuedAt, Instant signBy, Instant answerBy, Instant signedAt,
        Instant answeredAt, String cause, String remedy, LocalDate promisedDate, Instant closedAt, boolean unsignedLate,
        boolean answerLate, List<Step> steps, List<Refused> refused) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String eventId, String kind, Instant at, String actor, boolean byRule, String colour, String text) {
    }

    /**
     * A step sent for the slip that its state did not allow where it falls in time, and
     * why.
     */
    record Refused(String eventId, String kind, Instant at, String actor, String reason) {
    }

    static SlipStatus of(Slip s, Instant now) {
        return new SlipStatus(s.getId(), lower(s.getState()), lower(s.getColour()), s.getCondition(), s.getReason(),
                s.getRequirement(), s.getDepartment(), s.getIssuedBy(), s.getIssuedAt(), s.getSignBy(), s.getAnswerBy(),
                s.getSignedAt(), s.getAnsweredAt(), s.getCause(), s.getRemedy(), s.getPromisedDate(), s.getClosedAt(),
                SlipSteps.unsignedLate(s, now), SlipSteps.answerLate(s, now),
                s.getSteps().stream().map(SlipStatus::step).toList(),
                s.getRefused()
                    .stream()
                    .map(r -> new Refused(r.getEventId(), lower(r.getKind()), r.getAt(), r.getActor(), r.getReason()))
                    .toList());
    }

    private static Step step(SlipStep step) {
        return new Step(step.getEventId(), lower(step.getKind()), step.getAt(), step.getActor(), step.getByRule(),
                lower(step.getColour()), step.getText());
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
