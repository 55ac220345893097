package org.planwatch.aggregator.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.planwatch.aggregator.AggregatorProperties.AutoIssue;
import org.planwatch.aggregator.AggregatorProperties.Supervision;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;

/**
 * The supervision rules that act on their own, against the wall clock, as pure functions
 * of an initiative's slips, state and conditions: escalation, reopening a slip whose
 * promised date passed without progress, and the configured automatic issue. Each step
 * gets an event id made from what prompted it, so a pass repeated after a crash, or on
 * the step read back, takes it once.
 */
final class SlipClock {

    static final String ESCALATION = "rule:escalation";
    static final String PROMISE = "rule:promise";

    private final Supervision supervision;

    private final WorkingDays days;

    SlipClock(Supervision supervision, WorkingDays days) {
        this.supervision = supervision;
        this.days = days;
    }

    /**
     * Whether any rule issues slips on its own (else only initiatives with slips need a
     * look).
     */
    boolean issuesOnItsOwn() {
        return !supervision.autoIssue().isEmpty();
    }

    /** The steps the rules take now, in order; none when nothing is due. */
    List<SupervisionEvent> due(InitiativeState state, List<Slip> slips, List<ConditionSince> conditions, Instant now) {
        String initiativeId = state.getInitiative().getId();
        List<SupervisionEvent> steps = new ArrayList<>();
        for (Slip slip : slips) {
            if (SlipSteps.UNANSWERED.contains(slip.getState()) && slip.getColour() != SlipColour.RED
                    && days.passed(escalationClock(slip), supervision.escalateAfterWorkingDays(), now)) {
                SlipColour to = SlipColour.values()[slip.getColour().ordinal() + 1];
                steps.add(step(initiativeId, slip.getId(),
                        slip.getId() + ":escalated:" + to.name().toLowerCase(Locale.ROOT), SupervisionKind.ESCALATED,
                        now, ESCALATION)
                    .setColour(to)
                    .setText("未按期反馈，" + supervision.escalateAfterWorkingDays() + "个工作日后自动升级")
                    .build());
            }
            if (slip.getState() == SlipState.ANSWERED && slip.getPromisedDate() != null
                    && !now.isBefore(days.endOf(slip.getPromisedDate())) && !movedSince(state, slip.getAnsweredAt())) {
                steps.add(step(initiativeId, slip.getId(),
                        slip.getId() + ":reopened:" + slip.getAnsweredAt().toEpochMilli(), SupervisionKind.RETURNED,
                        now, PROMISE)
                    .setText("承诺日期 " + slip.getPromisedDate() + " 已过，进度未见推进")
                    .build());
            }
        }
        for (AutoIssue rule : supervision.autoIssue()) {
            ConditionSince held = conditions.stream()
                .filter(c -> c.getCondition() == rule.condition())
                .findFirst()
                .orElse(null);
            if (held == null || now.isBefore(held.getSince().plus(heldFor(rule, state)))) {
                continue;
            }
            String condition = rule.condition().name();
            boolean open = slips.stream().anyMatch(s -> SlipSteps.isOpen(s) && condition.equals(s.getCondition()));
            if (open) {
                continue;
            }
            // One slip per episode of the condition: the id names when it began to hold.
            String slipId = rule.name() + "-" + held.getSince().toEpochMilli();
            steps.add(step(initiativeId, slipId, "rule:" + slipId, SupervisionKind.ISSUED, now, "rule:" + rule.name())
                .setColour(rule.colour())
                .setCondition(condition)
                .setReason("自动督办：" + condition.toLowerCase(Locale.ROOT) + "，自 " + held.getSince())
                .setRequirement("请说明原因、整改措施和承诺完成时间")
                .setSignBy(days.plus(now, supervision.signWithinWorkingDays()))
                .setAnswerBy(days.plus(now, supervision.answerWithinWorkingDays()))
                .build());
        }
        return steps;
    }

    /**
     * Since when the slip has waited in its colour: it took the colour, or was last sent
     * back.
     */
    static Instant escalationClock(Slip slip) {
        Instant clock = slip.getColourSince();
        for (var step : slip.getSteps()) {
            if (step.getKind() == SupervisionKind.RETURNED && step.getAt().isAfter(clock)) {
                clock = step.getAt();
            }
        }
        return clock;
    }

    /** Progress rose after the answer (the stall clock moved past it). */
    private static boolean movedSince(InitiativeState state, Instant answeredAt) {
        return state.getLastProgressAt() != null && answeredAt != null && state.getLastProgressAt().isAfter(answeredAt);
    }

    private static Duration heldFor(AutoIssue rule, InitiativeState state) {
        double days = Math.max(rule.heldForDays(),
                rule.heldForCadences() * state.getInitiative().getReportingCadenceDays());
        return Duration.ofSeconds(Math.round(days * 86_400));
    }

    private static SupervisionEvent.Builder step(String initiativeId, String slipId, String eventId,
            SupervisionKind kind, Instant now, String actor) {
        return SupervisionEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiativeId)
            .setSlipId(slipId)
            .setKind(kind)
            .setOccurredAt(now)
            .setActor(actor)
            .setByRule(true);
    }

}
