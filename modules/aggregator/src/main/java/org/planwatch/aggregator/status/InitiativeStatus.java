package org.planwatch.aggregator.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiReading;
import org.planwatch.events.avro.Slip;

/**
 * An initiative's current state as the status API answers it, with the figures its
 * bulletin will show.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InitiativeStatus(String initiativeId, String plan, String carriedFrom, Double baseline, Instant closedAt,
        Instant archivedAt, String name, String program, String department, String parentId, String measure,
        LocalDate startDate, LocalDate dueDate, double progress, double expected, double variance, String health,
        boolean stalled, boolean silent, Instant forecastCompletion, boolean forecastLate, String declaredHealth,
        Instant declaredAt, boolean divergence, Double percentComplete, Instant lastReportAt, Instant lastReceivedAt,
        Instant lastProgressAt, long eventsCounted, long duplicatesIgnored, String note, Instant noteAt,
        long reportsJudged, long reportsOnCadence, Map<String, KpiStatus> kpis, List<String> milestonesReached,
        int milestonesTotal, Map<String, Double> children, List<SlipStatus> slips) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KpiStatus(String name, String unit, double baseline, double target, Double value, Instant at) {
    }

    static InitiativeStatus of(InitiativeSnapshot snapshot, List<Slip> slips, Instant now) {
        InitiativeState s = snapshot.state();
        Initiative i = s.getInitiative();
        Map<String, KpiStatus> kpis = new TreeMap<>();
        for (Kpi kpi : i.getKpis()) {
            KpiReading reading = s.getKpis().get(kpi.getId());
            kpis.put(kpi.getId(), new KpiStatus(kpi.getName(), kpi.getUnit(), kpi.getBaseline(), kpi.getTarget(),
                    reading == null ? null : reading.getValue(), reading == null ? null : reading.getAt()));
        }
        Verdict v = snapshot.verdict();
        Map<String, Double> children = new TreeMap<>();
        s.getChildren().forEach((id, child) -> children.put(id, child.getProgress()));
        return new InitiativeStatus(i.getId(), i.getPlan(), i.getCarriedFrom(), i.getBaseline(), i.getClosedAt(),
                i.getArchivedAt(), i.getName(), i.getProgram(), i.getDepartment(), i.getParentId(),
                i.getMeasure().name().toLowerCase(Locale.ROOT), i.getStartDate(), i.getDueDate(), v.progress(),
                v.expected(), v.variance(), v.health().label(), v.stalled(), v.silent(), v.forecastCompletion(),
                v.forecastLate(),
                s.getDeclaredHealth() == null ? null : s.getDeclaredHealth().name().toLowerCase(Locale.ROOT),
                s.getDeclaredAt(), v.divergent(), s.getPercentComplete(), s.getLastReportAt(), s.getLastReceivedAt(),
                s.getLastProgressAt(), s.getEventsCounted(), s.getDuplicates(), s.getNote(), s.getNoteAt(),
                s.getReportsJudged(), s.getReportsOnCadence(), kpis,
                s.getMilestonesReached().keySet().stream().sorted().toList(), i.getMilestones().size(),
                children.isEmpty() ? null : children, slips.stream().map(slip -> SlipStatus.of(slip, now)).toList());
    }
}
