package org.planwatch.aggregator.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiReading;

/**
 * Per-initiative metrics, read from the {@link InitiativeView} at scrape time. A collector rather
 * than one Micrometer gauge per initiative: the set of initiatives changes with the catalog and
 * with partition ownership, and a scrape of tens of thousands of series should cost one pass over
 * a map. Label values come only from the catalog (and program topic names); nothing a reporter
 * writes becomes a label. Names are in README.md's metrics table; a test asserts each of them.
 */
final class InitiativeMetrics implements MultiCollector {

    private final InitiativeView view;
    private final ZoneId zone;

    InitiativeMetrics(InitiativeView view, ZoneId zone) {
        this.view = view;
        this.zone = zone;
    }

    /** One gauge family being filled. */
    private static final class Gauge {
        final GaugeSnapshot.Builder builder;

        Gauge(String name, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels, double value) {
            builder.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }
    }

    @Override
    public MetricSnapshots collect() {
        Collection<InitiativeSnapshot> snapshots = view.all();
        InfoSnapshot.Builder info = InfoSnapshot.builder().name("initiative")
                .help("Catalog entry of an initiative (its name as the plan writes it); always 1");
        Gauge progress = new Gauge("initiative_progress_ratio", "Progress by the initiative's measure (or its children's weighted mean), 0-1");
        Gauge expected = new Gauge("initiative_expected_progress_ratio", "Progress the trajectory expects by now, 0-1");
        Gauge health = new Gauge("initiative_health", "1 for the computed health the initiative is in, 0 for the others");
        Gauge declared = new Gauge("initiative_declared_health", "1 for the health the department last declared, 0 for the others");
        Gauge divergence = new Gauge("initiative_health_divergence", "1 when the department declares on_track but the computed health is off_track");
        Gauge stalled = new Gauge("initiative_stalled", "1 when started, not completed, and progress has not risen for stallAfterDays");
        Gauge silent = new Gauge("initiative_silent", "1 when started, not completed, and no report arrived for 1.5 reporting cadences");
        Gauge lastReport = new Gauge("initiative_last_report_timestamp_seconds", "occurredAt of the latest counted report, Unix seconds");
        Gauge lastProgress = new Gauge("initiative_last_progress_timestamp_seconds", "When progress last rose, Unix seconds");
        Gauge due = new Gauge("initiative_due_timestamp_seconds", "End of the due date in the plan's time zone, Unix seconds");
        Gauge stallThreshold = new Gauge("initiative_stall_threshold_seconds", "stallAfterDays of the initiative, in seconds");
        Gauge forecast = new Gauge("initiative_forecast_completion_timestamp_seconds", "When progress reaches 1 at the recent pace, Unix seconds; absent when unknown");
        Gauge forecastLate = new Gauge("initiative_forecast_late", "1 when the forecast completion is after the due date");
        Gauge kpiValue = new Gauge("initiative_kpi_value", "Latest reported value of a KPI");
        Gauge kpiTarget = new Gauge("initiative_kpi_target", "Target of a KPI");
        Gauge milestonesReached = new Gauge("initiative_milestones_reached", "Milestones reached");
        // Named initiative_milestones_total by the metric contract; the Prometheus client reserves the _total
        // suffix for counters, so it is typed as one, though a re-baseline may lower it.
        CounterSnapshot.Builder milestonesTotal = CounterSnapshot.builder().name("initiative_milestones")
                .help("Milestones planned for the initiative");
        CounterSnapshot.Builder events = CounterSnapshot.builder().name("initiative_events")
                .help("Distinct progress events counted for the initiative");
        Map<String, long[]> byProgram = new TreeMap<>();
        for (InitiativeSnapshot snapshot : snapshots) {
            InitiativeState state = snapshot.state();
            Verdict verdict = snapshot.verdict();
            Initiative initiative = state.getInitiative();
            Labels labels = Labels.of("initiative", initiative.getId(), "program", initiative.getProgram(),
                    "department", initiative.getDepartment());
            info.dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("initiative", initiative.getId(),
                    "name", initiative.getName(), "program", initiative.getProgram(), "department",
                    initiative.getDepartment())).build());
            progress.add(labels, verdict.progress());
            expected.add(labels, verdict.expected());
            for (Health h : Health.values()) {
                health.add(labels.add("health", h.label()), h == verdict.health() ? 1 : 0);
            }
            for (DeclaredHealth h : DeclaredHealth.values()) {
                declared.add(labels.add("health", h.name().toLowerCase(java.util.Locale.ROOT)),
                        h == state.getDeclaredHealth() ? 1 : 0);
            }
            divergence.add(labels, verdict.divergent() ? 1 : 0);
            stalled.add(labels, verdict.stalled() ? 1 : 0);
            silent.add(labels, verdict.silent() ? 1 : 0);
            if (state.getLastReportAt() != null) {
                lastReport.add(labels, seconds(state.getLastReportAt()));
            }
            if (state.getLastProgressAt() != null) {
                lastProgress.add(labels, seconds(state.getLastProgressAt()));
            }
            due.add(labels, seconds(initiative.getDueDate().plusDays(1).atStartOfDay(zone).toInstant()));
            stallThreshold.add(labels, Duration.ofDays(initiative.getStallAfterDays()).toSeconds());
            if (verdict.forecastCompletion() != null) {
                forecast.add(labels, seconds(verdict.forecastCompletion()));
            }
            forecastLate.add(labels, verdict.forecastLate() ? 1 : 0);
            for (Kpi kpi : initiative.getKpis()) {
                Labels kpiLabels = labels.add("kpi", kpi.getId());
                kpiTarget.add(kpiLabels, kpi.getTarget());
                KpiReading reading = state.getKpis().get(kpi.getId());
                if (reading != null) {
                    kpiValue.add(kpiLabels, reading.getValue());
                }
            }
            milestonesReached.add(labels, initiative.getMilestones().stream()
                    .filter(m -> state.getMilestonesReached().containsKey(m.getId())).count());
            milestonesTotal.dataPoint(CounterDataPointSnapshot.builder().labels(labels)
                    .value(initiative.getMilestones().size()).build());
            events.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(state.getEventsCounted()).build());
            long[] counts = byProgram.computeIfAbsent(initiative.getProgram(), p -> new long[2]);
            counts[0] += state.getEventsCounted();
            counts[1] += state.getDuplicates();
        }
        List<MetricSnapshot> all = new ArrayList<>(List.of(info.build()));
        for (Gauge g : List.of(progress, expected, health, declared, divergence, stalled, silent, lastReport,
                lastProgress, due, stallThreshold, forecast, forecastLate, kpiValue, kpiTarget, milestonesReached)) {
            all.add(g.builder.build());
        }
        all.add(milestonesTotal.build());
        all.add(events.build());
        all.addAll(pipeline(byProgram));
        return new MetricSnapshots(all);
    }

    private List<MetricSnapshot> pipeline(Map<String, long[]> byProgram) {
        CounterSnapshot.Builder pipeline = CounterSnapshot.builder().name("progress_events")
                .help("Progress events processed by the aggregator, by program and outcome (counted, duplicate, dead_lettered)");
        CounterSnapshot.Builder deadLetters = CounterSnapshot.builder().name("progress_dead_letters")
                .help("Records sent to progress.dlt, by program topic and reason");
        Map<String, Long> deadByProgram = new TreeMap<>();
        view.deadLetterTotals().forEach((key, count) -> {
            deadByProgram.merge(key.program(), count, Long::sum);
            deadLetters.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("program", key.program(), "reason", key.reason())).value(count).build());
        });
        TreeSet<String> programs = new TreeSet<>(byProgram.keySet());
        programs.addAll(deadByProgram.keySet());
        for (String program : programs) {
            long[] counts = byProgram.getOrDefault(program, new long[2]);
            pipeline.dataPoint(point(program, "counted", counts[0]));
            pipeline.dataPoint(point(program, "duplicate", counts[1]));
            pipeline.dataPoint(point(program, "dead_lettered", deadByProgram.getOrDefault(program, 0L)));
        }
        return List.of(pipeline.build(), deadLetters.build());
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static CounterDataPointSnapshot point(String program, String outcome, long value) {
        return CounterDataPointSnapshot.builder().labels(Labels.of("program", program, "outcome", outcome)).value(value)
                .build();
    }
}
