package org.planwatch.aggregator.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SupervisionKind;

/**
 * Supervision slips by department, state and colour, and those past a deadline (and
 * whether they were escalated): counts over the initiatives this instance owns (so sums
 * over instances are exact). The labels are bounded by the catalog's departments and the
 * fixed states, colours and deadlines; a department's series exist once it has had a
 * slip.
 */
final class SupervisionMetrics implements MultiCollector {

    static final String SLIPS = "supervision_slips";
    static final String LATE = "supervision_slips_late";

    private final InitiativeView view;

    private final Clock clock;

    SupervisionMetrics(InitiativeView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(SLIPS, LATE);
    }

    @Override
    public MetricSnapshots collect() {
        Instant now = clock.instant();
        Map<Labels, Integer> slips = new TreeMap<>();
        Map<Labels, Integer> late = new TreeMap<>();
        for (List<Slip> held : view.allSlips().values()) {
            for (Slip slip : held) {
                String department = slip.getDepartment();
                String colour = lower(slip.getColour());
                slips.merge(Labels.of("colour", colour, "department", department, "state", lower(slip.getState())), 1,
                        Integer::sum);
                String escalated = String.valueOf(escalated(slip));
                if (SlipSteps.unsignedLate(slip, now)) {
                    late.merge(Labels.of("colour", colour, "deadline", "sign", "department", department, "escalated",
                            escalated), 1, Integer::sum);
                }
                if (SlipSteps.answerLate(slip, now)) {
                    late.merge(Labels.of("colour", colour, "deadline", "answer", "department", department, "escalated",
                            escalated), 1, Integer::sum);
                }
            }
        }
        GaugeSnapshot.Builder slipGauge = GaugeSnapshot.builder()
            .name(SLIPS)
            .help("Supervision slips (督办单) this instance holds, by owning department, state and colour");
        slips.forEach(
                (labels, n) -> slipGauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(n).build()));
        GaugeSnapshot.Builder lateGauge = GaugeSnapshot.builder()
            .name(LATE)
            .help("Open slips past a deadline: deadline=sign (not signed by sign-by) or answer"
                    + " (not answered by answer-by); escalated=true once a slip rose a colour");
        late.forEach(
                (labels, n) -> lateGauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(n).build()));
        return new MetricSnapshots(slipGauge.build(), lateGauge.build());
    }

    /**
     * Whether a rule or a supervisor raised the slip's colour: its alerts reach the
     * supervisors too.
     */
    static boolean escalated(Slip slip) {
        return slip.getSteps().stream().anyMatch(step -> step.getKind() == SupervisionKind.ESCALATED);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

}
