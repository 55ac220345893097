package org.planwatch.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.SlipStep;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;

/**
 * Which step a supervision slip may take from which state, and the slip after it: the one
 * rule book, used by the publisher to refuse a step out of order (409) and by the
 * aggregator, which folds the steps and is the authority when two callers race.
 *
 * <pre>
 * issued ─► signed ─► answered ─► closed
 *                 ▲        │
 *                 └ returned ◄┘        escalated: any open state, to a stronger colour
 *                                      withdrawn: any open state
 * </pre>
 */
public final class SlipSteps {

    /**
     * States in which the department still owes an answer: the ones escalation watches.
     */
    public static final Set<SlipState> UNANSWERED = Set.of(SlipState.ISSUED, SlipState.SIGNED, SlipState.RETURNED);

    private SlipSteps() {
    }

    public static boolean isOpen(Slip slip) {
        return slip.getState() != SlipState.CLOSED && slip.getState() != SlipState.WITHDRAWN;
    }

    /** Whether the department has not signed by the slip's sign-by. */
    public static boolean unsignedLate(Slip slip, Instant now) {
        return slip.getState() == SlipState.ISSUED && slip.getSignBy() != null && now.isAfter(slip.getSignBy());
    }

    /** Whether the department has not answered by the slip's answer-by. */
    public static boolean answerLate(Slip slip, Instant now) {
        return UNANSWERED.contains(slip.getState()) && slip.getAnswerBy() != null && now.isAfter(slip.getAnswerBy());
    }

    /**
     * Null when {@code step} may follow; else why not, naming the current state.
     * @param current the slip, or null when no slip has this id yet
     */
    public static String refusal(Slip current, SupervisionEvent step) {
        SupervisionKind kind = step.getKind();
        if (current == null) {
            return kind == SupervisionKind.ISSUED ? null : "slip " + step.getSlipId() + " has not been issued";
        }
        SlipState state = current.getState();
        String now = "slip " + current.getId() + " is " + state.name().toLowerCase(Locale.ROOT);
        boolean legal = switch (kind) {
            case ISSUED -> false;
            case SIGNED -> state == SlipState.ISSUED;
            case ANSWERED -> state == SlipState.SIGNED || state == SlipState.RETURNED;
            case RETURNED, CLOSED -> state == SlipState.ANSWERED;
            case ESCALATED -> isOpen(current) && step.getColour() != null
                    && step.getColour().ordinal() > current.getColour().ordinal();
            case WITHDRAWN -> isOpen(current);
        };
        if (legal) {
            return null;
        }
        return switch (kind) {
            case ISSUED -> "slip " + current.getId() + " was issued already";
            case ESCALATED -> isOpen(current) ? now + " and " + current.getColour().name().toLowerCase(Locale.ROOT)
                    + ": escalation needs a stronger colour" : now;
            default -> now + ": it cannot be " + kind.name().toLowerCase(Locale.ROOT) + " now";
        };
    }

    /**
     * The slip after {@code step}, which {@link #refusal} allowed; {@code current} is not
     * changed.
     * @param department the initiative's owning department, recorded when the slip is
     * issued
     */
    public static Slip apply(Slip current, SupervisionEvent step, String department) {
        if (step.getKind() == SupervisionKind.ISSUED) {
            return Slip.newBuilder()
                .setId(step.getSlipId())
                .setState(SlipState.ISSUED)
                .setColour(step.getColour() == null ? SlipColour.BLUE : step.getColour())
                .setCondition(step.getCondition())
                .setReason(step.getReason())
                .setRequirement(step.getRequirement())
                .setDepartment(department)
                .setIssuedBy(step.getActor())
                .setIssuedAt(step.getOccurredAt())
                .setSignBy(step.getSignBy())
                .setAnswerBy(step.getAnswerBy())
                .setColourSince(step.getOccurredAt())
                .setSteps(List.of(stepOf(step, step.getReason())))
                .build();
        }
        Slip next = Slip.newBuilder(current).build();
        List<SlipStep> steps = new ArrayList<>(current.getSteps());
        String text = step.getText();
        switch (step.getKind()) {
            case SIGNED -> {
                next.setState(SlipState.SIGNED);
                next.setSignedAt(step.getOccurredAt());
            }
            case ANSWERED -> {
                next.setState(SlipState.ANSWERED);
                next.setAnsweredAt(step.getOccurredAt());
                next.setCause(step.getCause());
                next.setRemedy(step.getRemedy());
                next.setPromisedDate(step.getPromisedDate());
                text = join(step.getCause(), step.getRemedy());
            }
            case RETURNED -> next.setState(SlipState.RETURNED);
            case CLOSED, WITHDRAWN -> {
                next.setState(step.getKind() == SupervisionKind.CLOSED ? SlipState.CLOSED : SlipState.WITHDRAWN);
                next.setClosedAt(step.getOccurredAt());
            }
            case ESCALATED -> {
                next.setColour(step.getColour());
                next.setColourSince(step.getOccurredAt());
            }
            case ISSUED -> throw new IllegalStateException("handled above");
        }
        steps.add(stepOf(step, text));
        next.setSteps(steps);
        return next;
    }

    /**
     * Whether the slip already took the step with this event id (a step sent twice counts
     * once).
     */
    public static boolean took(Slip slip, String eventId) {
        return slip.getSteps().stream().anyMatch(s -> s.getEventId().equals(eventId));
    }

    private static SlipStep stepOf(SupervisionEvent step, String text) {
        return new SlipStep(step.getEventId(), step.getKind(), step.getOccurredAt(), step.getActor(), step.getByRule(),
                step.getColour(), text);
    }

    private static String join(String cause, String remedy) {
        if (cause == null) {
            return remedy;
        }
        return remedy == null ? cause : cause + " / " + remedy;
    }

}
