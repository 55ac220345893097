package org.planwatch.publisher.supervision;

import org.planwatch.access.PlanOwners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.Problems;
import org.planwatch.publisher.problem.SlipException;
import org.planwatch.publisher.problem.UnknownInitiativeException;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.stereotype.Service;

/**
 * Turns the steps of supervision slips into events on {@code supervision}, keyed by
 * initiative, after checking who may take them and whether the slip's state allows them.
 * The state is the one on {@code initiative-status} (the desk's view): a step arrives
 * there about a second after it was accepted. The aggregator folds the steps and is the
 * authority when two callers race.
 */
@Service
public class SlipService {

    static final int MAX_TEXT = 2000;

    private final CatalogView catalog;

    private final PlanOwners owners;

    private final DeskView statuses;

    private final KafkaWriter writer;

    private final PublisherProperties properties;

    private final Clock clock;

    private final MeterRegistry registry;

    private final ZoneId zone;

    SlipService(CatalogView catalog, PlanOwners owners, DeskView statuses, KafkaWriter writer,
            PublisherProperties properties, Clock clock, MeterRegistry registry, WebProperties web) {
        this.zone = web.zone();
        this.owners = owners;
        this.catalog = catalog;
        this.statuses = statuses;
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
        this.registry = registry;
    }

    /** What an accepted step answers: its event id and slip id. */
    public record Accepted(String eventId, String slipId) {
    }

    public Accepted issue(Caller caller, String initiativeId, SlipRequests.Issue request) {
        requireSupervisor(caller, "issue a slip");
        if (request == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        Initiative initiative = initiative(caller, initiativeId);
        Instant now = clock.instant();
        List<FieldProblem> problems = new ArrayList<>();
        SlipColour colour = colour(request.colour(), "colour", problems);
        String condition = condition(request.condition(), problems);
        text(request.reason(), "reason", true, problems);
        text(request.requirement(), "requirement", false, problems);
        Instant signBy = request.signBy() != null ? request.signBy() : now.plus(Duration.ofDays(1));
        Instant answerBy = request.answerBy() != null ? request.answerBy() : now.plus(Duration.ofDays(7));
        if (!signBy.isAfter(now)) {
            problems.add(new FieldProblem("signBy", "must be in the future"));
        }
        if (answerBy.isBefore(signBy)) {
            problems.add(new FieldProblem("answerBy", "must not be before signBy"));
        }
        String eventId = eventId(request.eventId(), problems);
        String slipId = request.slipId() != null ? request.slipId()
                : "S-" + eventId.substring(0, Math.min(8, eventId.length()));
        id(slipId, "slipId", problems);
        invalid(problems);
        Slip existing = slip(initiativeId, slipId);
        if (existing != null) {
            if (SlipSteps.took(existing, eventId)) {
                return new Accepted(eventId, slipId);
            }
            throw conflict("slip " + slipId + " was issued already", existing);
        }
        SupervisionEvent event = base(caller, initiative, slipId, eventId, SupervisionKind.ISSUED, now)
            .setColour(colour)
            .setCondition(condition)
            .setReason(request.reason())
            .setRequirement(request.requirement())
            .setSignBy(signBy)
            .setAnswerBy(answerBy)
            .build();
        return write(event);
    }

    public Accepted sign(Caller caller, String initiativeId, String slipId, SlipRequests.Sign request) {
        return departmentStep(caller, initiativeId, slipId, request == null ? null : request.eventId(),
                SupervisionKind.SIGNED, "sign a slip", (builder, problems) -> {
                });
    }

    public Accepted answer(Caller caller, String initiativeId, String slipId, SlipRequests.Answer request) {
        if (request == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        return departmentStep(caller, initiativeId, slipId, request.eventId(), SupervisionKind.ANSWERED,
                "answer a slip", (builder, problems) -> {
                    text(request.cause(), "cause", true, problems);
                    text(request.remedy(), "remedy", true, problems);
                    LocalDate today = LocalDate.ofInstant(clock.instant(), zone());
                    if (request.promisedDate() == null) {
                        problems.add(new FieldProblem("promisedDate", "is required"));
                    }
                    else if (request.promisedDate().isBefore(today)) {
                        problems.add(new FieldProblem("promisedDate", "must not be in the past"));
                    }
                    builder.setCause(request.cause())
                        .setRemedy(request.remedy())
                        .setPromisedDate(request.promisedDate());
                });
    }

    public Accepted supervise(Caller caller, String initiativeId, String slipId, SupervisionKind kind,
            SlipRequests.Note request) {
        requireSupervisor(caller, kind.name().toLowerCase(Locale.ROOT) + " a slip");
        String text = request == null ? null : request.text();
        return step(caller, initiativeId, slipId, request == null ? null : request.eventId(), kind,
                (builder, problems) -> {
                    // Why a slip goes back or is withdrawn is part of the record; a close
                    // may carry the check's note.
                    text(text, "text", kind != SupervisionKind.CLOSED, problems);
                    builder.setText(text);
                });
    }

    public Accepted escalate(Caller caller, String initiativeId, String slipId, SlipRequests.Escalate request) {
        requireSupervisor(caller, "escalate a slip");
        if (request == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        return step(caller, initiativeId, slipId, request.eventId(), SupervisionKind.ESCALATED, (builder, problems) -> {
            builder.setColour(colour(request.colour(), "colour", problems));
            text(request.text(), "text", false, problems);
            builder.setText(request.text());
        });
    }

    private interface Fields {

        void fill(SupervisionEvent.Builder builder, List<FieldProblem> problems);

    }

    /**
     * Only the owning department signs and answers (a supporting department does not).
     */
    private Accepted departmentStep(Caller caller, String initiativeId, String slipId, String eventId,
            SupervisionKind kind, String what, Fields fields) {
        caller.require(Role.DEPARTMENT, what);
        Initiative initiative = initiative(caller, initiativeId);
        if (!caller.department().equals(initiative.getDepartment())) {
            throw AccessDeniedException.initiative(initiativeId);
        }
        return step(caller, initiative, slipId, eventId, kind, fields);
    }

    private Accepted step(Caller caller, String initiativeId, String slipId, String requestedEventId,
            SupervisionKind kind, Fields fields) {
        return step(caller, initiative(caller, initiativeId), slipId, requestedEventId, kind, fields);
    }

    private Accepted step(Caller caller, Initiative initiative, String slipId, String requestedEventId,
            SupervisionKind kind, Fields fields) {
        String initiativeId = initiative.getId();
        List<FieldProblem> problems = new ArrayList<>();
        String eventId = eventId(requestedEventId, problems);
        SupervisionEvent.Builder builder = base(caller, initiative, slipId, eventId, kind, clock.instant());
        fields.fill(builder, problems);
        invalid(problems);
        Slip slip = slip(initiativeId, slipId);
        if (slip == null) {
            throw new SlipException(Problems.unknownSlip(initiativeId, slipId));
        }
        if (SlipSteps.took(slip, eventId)) {
            return new Accepted(eventId, slipId); // a retry of a step already taken
        }
        SupervisionEvent event = builder.build();
        String refusal = SlipSteps.refusal(slip, event);
        if (refusal != null) {
            throw conflict(refusal, slip);
        }
        return write(event);
    }

    private Accepted write(SupervisionEvent event) {
        var outcome = writer.writeAll(List.of(new KafkaWriter.Pending<>(Topics.SUPERVISION, event.getInitiativeId(),
                event, event.getOccurredAt().toEpochMilli())), properties.ackTimeout())
            .get(0);
        String kind = event.getKind().name().toLowerCase(Locale.ROOT);
        if (outcome instanceof KafkaWriter.Failed failed) {
            registry.counter("planwatch.supervision.steps", "kind", kind, "outcome", "unavailable").increment();
            throw new KafkaUnavailableException(failed.reason(), event.getEventId());
        }
        registry.counter("planwatch.supervision.steps", "kind", kind, "outcome", "accepted").increment();
        return new Accepted(event.getEventId(), event.getSlipId());
    }

    private Initiative initiative(Caller caller, String initiativeId) {
        if (!catalog.isCaughtUp() || !statuses.isCaughtUp()) {
            throw new KafkaUnavailableException("The catalog or the slips are still loading from Kafka");
        }
        Initiative initiative = catalog.get(initiativeId).orElse(null);
        if (initiative == null || !caller.mayRead(initiative.getDepartment(), initiative.getSupportingDepartments(),
                owners.of(initiative.getPlan()))) {
            if (initiative == null && caller.seesUnknownIds()) {
                throw new UnknownInitiativeException(initiativeId);
            }
            throw AccessDeniedException.initiative(initiativeId);
        }
        return initiative;
    }

    private Slip slip(String initiativeId, String slipId) {
        InitiativeStatus status = statuses.get(initiativeId).orElse(null);
        if (status == null) {
            return null;
        }
        return status.getSlips().stream().filter(s -> s.getId().equals(slipId)).findFirst().orElse(null);
    }

    private SupervisionEvent.Builder base(Caller caller, Initiative initiative, String slipId, String eventId,
            SupervisionKind kind, Instant now) {
        return SupervisionEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiative.getId())
            .setSlipId(slipId)
            .setKind(kind)
            .setOccurredAt(now)
            .setActor(actor(caller))
            .setByRule(false);
    }

    /**
     * Who took the step, as the record names them: the department, or the token's label.
     */
    static String actor(Caller caller) {
        if (caller.role() == Role.DEPARTMENT) {
            return caller.department();
        }
        return caller.label() != null && !caller.label().isBlank() ? caller.label() : caller.role().wireName();
    }

    /**
     * The role; which initiatives a district's supervisor acts on is its plans' (above).
     */
    private static void requireSupervisor(Caller caller, String what) {
        if (caller.role() != Role.SUPERVISOR && caller.role() != Role.ADMIN) {
            throw new AccessDeniedException("Only the supervisor and admin roles may " + what);
        }
    }

    private static SlipException conflict(String detail, Slip slip) {
        return new SlipException(Problems.slipState(detail, slip.getState().name().toLowerCase(Locale.ROOT)));
    }

    private static SlipColour colour(String value, String field, List<FieldProblem> problems) {
        if (value != null) {
            for (SlipColour colour : SlipColour.values()) {
                if (colour.name().equalsIgnoreCase(value)) {
                    return colour;
                }
            }
        }
        problems.add(new FieldProblem(field, "must be blue, yellow or red"));
        return null;
    }

    private static String condition(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (StatusCondition condition : StatusCondition.values()) {
            if (condition.name().equalsIgnoreCase(value)) {
                return condition.name();
            }
        }
        problems.add(new FieldProblem("condition", "is not a condition (overdue, off_track, stalled, silent, ...)"));
        return null;
    }

    private static void text(String value, String field, boolean required, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(new FieldProblem(field, "is longer than " + MAX_TEXT + " characters"));
        }
    }

    private static String eventId(String requested, List<FieldProblem> problems) {
        if (requested == null) {
            return UUID.randomUUID().toString();
        }
        id(requested, "eventId", problems);
        return requested;
    }

    private static void id(String value, String field, List<FieldProblem> problems) {
        if (!value.matches("[A-Za-z0-9._:-]{1,64}")) {
            problems.add(new FieldProblem(field, "must be 1-64 letters, digits or . _ : -"));
        }
    }

    private static void invalid(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private ZoneId zone() {
        return zone;
    }

}
