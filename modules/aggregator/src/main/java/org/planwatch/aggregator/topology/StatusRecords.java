package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.Evaluation;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiReading;
import org.planwatch.events.avro.KpiStatus;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.MilestoneStatus;
import org.planwatch.events.avro.ProgressSample;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.events.avro.StatusSample;

/**
 * Builds the {@code initiative-status} record of an initiative from its state and
 * verdict.
 */
final class StatusRecords {

    private final Evaluator evaluator;

    StatusRecords(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * @param evaluation the condition recorded in the state for {@code verdict}, with its
     * since times; null before the first judgement
     */
    InitiativeStatus of(InitiativeState state, Verdict verdict, Evaluation evaluation, List<Slip> slips,
            Instant judgedAt) {
        Initiative initiative = state.getInitiative();
        Instant dueEnd = evaluator.dueEnd(initiative);
        boolean overdue = verdict.health() != Health.COMPLETED
                && !Evaluator.asOf(initiative, judgedAt).isBefore(dueEnd);
        double expected = Math.round(verdict.expected() * 1000) / 1000.0;
        return InitiativeStatus.newBuilder()
            .setPlan(initiative.getPlan())
            .setInitiativeId(initiative.getId())
            .setName(initiative.getName())
            .setProgram(initiative.getProgram())
            .setDepartment(initiative.getDepartment())
            .setParentId(initiative.getParentId())
            .setStartDate(initiative.getStartDate())
            .setDueDate(initiative.getDueDate())
            .setProgress(verdict.progress())
            .setExpected(expected)
            .setVariance(verdict.progress() - expected)
            .setHealth(StatusHealth.valueOf(verdict.health().name()))
            .setDeclaredHealth(state.getDeclaredHealth())
            .setDivergent(verdict.divergent())
            .setStalled(verdict.stalled())
            .setSilent(verdict.silent())
            .setOverdue(overdue)
            .setForecastCompletion(verdict.forecastCompletion())
            .setForecastLate(verdict.forecastLate())
            .setKpis(kpis(initiative, state.getKpis()))
            .setMilestones(milestones(initiative, state))
            .setSamples(samples(state.getSamples()))
            .setLastReportAt(state.getLastReportAt())
            .setLastReceivedAt(state.getLastReceivedAt())
            .setEventsCounted(state.getEventsCounted())
            .setConditions(conditions(state, verdict, overdue, dueEnd, evaluation, judgedAt))
            .setSlips(slips)
            .setNote(state.getNote())
            .setNoteAt(state.getNoteAt())
            .setReportsJudged(state.getReportsJudged())
            .setReportsOnCadence(state.getReportsOnCadence())
            .setCarriedFrom(initiative.getCarriedFrom())
            .setClosedAt(initiative.getClosedAt())
            .setArchivedAt(initiative.getArchivedAt())
            .setJudgedAt(judgedAt)
            .setChangedAt(judgedAt)
            .build();
    }

    private static List<StatusSample> samples(List<ProgressSample> samples) {
        StatusSample[] out = new StatusSample[samples.size()];
        for (int i = 0; i < out.length; i++) {
            ProgressSample sample = samples.get(i);
            out[i] = new StatusSample(sample.getAt(), sample.getProgress());
        }
        return List.of(out);
    }

    private static List<KpiStatus> kpis(Initiative initiative, Map<String, KpiReading> readings) {
        List<KpiStatus> kpis = new ArrayList<>(initiative.getKpis().size());
        for (Kpi kpi : initiative.getKpis()) {
            KpiReading reading = readings.get(kpi.getId());
            kpis.add(new KpiStatus(kpi.getId(), kpi.getName(), kpi.getUnit(), kpi.getBaseline(), kpi.getTarget(),
                    reading == null ? null : reading.getValue(), reading == null ? null : reading.getAt()));
        }
        return kpis;
    }

    private static List<MilestoneStatus> milestones(Initiative initiative, InitiativeState state) {
        List<MilestoneStatus> milestones = new ArrayList<>(initiative.getMilestones().size());
        for (Milestone m : initiative.getMilestones()) {
            milestones.add(new MilestoneStatus(m.getId(), m.getName(), m.getPlannedDate(),
                    state.getMilestonesReached().get(m.getId())));
        }
        return milestones;
    }

    /**
     * Worst first, in the order of {@link StatusCondition}'s symbols. Overdue, stalled
     * and silent hold from a moment their rules define (the due date's end, the stall and
     * silence clocks), even when first judged later; the others from the judgement that
     * first found them.
     */
    /**
     * The conditions that hold, worst first, each with its since (as on the status
     * record).
     */
    List<ConditionSince> conditions(InitiativeState state, Verdict verdict, Evaluation evaluation, Instant now) {
        Instant dueEnd = evaluator.dueEnd(state.getInitiative());
        boolean overdue = verdict.health() != Health.COMPLETED
                && !Evaluator.asOf(state.getInitiative(), now).isBefore(dueEnd);
        return conditions(state, verdict, overdue, dueEnd, evaluation, now);
    }

    private List<ConditionSince> conditions(InitiativeState state, Verdict verdict, boolean overdue, Instant dueEnd,
            Evaluation evaluation, Instant now) {
        Map<String, Instant> since = evaluation == null ? Map.of() : evaluation.getSince();
        List<ConditionSince> conditions = new ArrayList<>(2);
        if (overdue) {
            conditions.add(new ConditionSince(StatusCondition.OVERDUE, dueEnd));
        }
        Instant healthSince = since.getOrDefault(Transitions.HEALTH, now);
        if (verdict.health() == Health.OFF_TRACK) {
            conditions.add(new ConditionSince(StatusCondition.OFF_TRACK, healthSince));
        }
        add(conditions, verdict.stalled(), StatusCondition.STALLED, evaluator.stalledFrom(state));
        add(conditions, verdict.silent(), StatusCondition.SILENT, evaluator.silentFrom(state));
        add(conditions, verdict.health() == Health.AT_RISK, StatusCondition.AT_RISK, healthSince);
        add(conditions, verdict.forecastLate(), StatusCondition.FORECAST_LATE,
                since.getOrDefault(Transitions.FORECAST_LATE, now));
        add(conditions, verdict.divergent(), StatusCondition.DIVERGENT, since.getOrDefault(Transitions.DIVERGENT, now));
        return conditions;
    }

    private static void add(List<ConditionSince> conditions, boolean holds, StatusCondition condition, Instant since) {
        if (holds) {
            conditions.add(new ConditionSince(condition, since));
        }
    }

}
