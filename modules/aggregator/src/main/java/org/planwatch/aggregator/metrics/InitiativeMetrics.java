package org.planwatch.aggregator.metrics;

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
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;

/**
 * Per-initiative metrics, read from the {@link InitiativeView} at scrape time. A collector rather
 * than one Micrometer gauge per initiative: the set of initiatives changes with the catalog and
 * with partition ownership, and a scrape of tens of thousands of series should cost one pass over
 * a map. Label values come only from the catalog (and program topic names); nothing a reporter
 * writes becomes a label.
 */
final class InitiativeMetrics implements MultiCollector {

    static final String INFO = "initiative";
    static final String PROGRESS = "initiative_progress_ratio";
    static final String LAST_REPORT = "initiative_last_report_timestamp_seconds";
    static final String EVENTS = "initiative_events";
    static final String PIPELINE_EVENTS = "progress_events";
    static final String DEAD_LETTERS = "progress_dead_letters";

    private final InitiativeView view;

    InitiativeMetrics(InitiativeView view) {
        this.view = view;
    }

    @Override
    public MetricSnapshots collect() {
        Collection<InitiativeSnapshot> snapshots = view.all();
        InfoSnapshot.Builder info = InfoSnapshot.builder().name(INFO)
                .help("Catalog entry of an initiative (its name as the plan writes it); always 1");
        GaugeSnapshot.Builder progress = GaugeSnapshot.builder().name(PROGRESS)
                .help("Progress of the initiative by its measure, 0-1");
        GaugeSnapshot.Builder lastReport = GaugeSnapshot.builder().name(LAST_REPORT)
                .help("When the latest counted report says its state was true (occurredAt), Unix seconds");
        CounterSnapshot.Builder events = CounterSnapshot.builder().name(EVENTS)
                .help("Distinct progress events counted for the initiative");
        Map<String, long[]> byProgram = new TreeMap<>();
        for (InitiativeSnapshot snapshot : snapshots) {
            InitiativeState state = snapshot.state();
            Initiative initiative = state.getInitiative();
            Labels labels = Labels.of("initiative", initiative.getId(), "program", initiative.getProgram(),
                    "department", initiative.getDepartment());
            info.dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("initiative", initiative.getId(),
                    "name", initiative.getName(), "program", initiative.getProgram(), "department",
                    initiative.getDepartment())).build());
            progress.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(snapshot.progress()).build());
            if (state.getLastReportAt() != null) {
                lastReport.dataPoint(GaugeDataPointSnapshot.builder().labels(labels)
                        .value(state.getLastReportAt().toEpochMilli() / 1000.0).build());
            }
            events.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(state.getEventsCounted()).build());
            long[] counts = byProgram.computeIfAbsent(initiative.getProgram(), p -> new long[2]);
            counts[0] += state.getEventsCounted();
            counts[1] += state.getDuplicates();
        }
        CounterSnapshot.Builder pipeline = CounterSnapshot.builder().name(PIPELINE_EVENTS)
                .help("Progress events processed by the aggregator, by program and outcome (counted, duplicate, dead_lettered)");
        CounterSnapshot.Builder deadLetters = CounterSnapshot.builder().name(DEAD_LETTERS)
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
        return new MetricSnapshots(info.build(), progress.build(), lastReport.build(), events.build(), pipeline.build(),
                deadLetters.build());
    }

    private static CounterDataPointSnapshot point(String program, String outcome, long value) {
        return CounterDataPointSnapshot.builder().labels(Labels.of("program", program, "outcome", outcome)).value(value)
                .build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(INFO, PROGRESS, LAST_REPORT, EVENTS, PIPELINE_EVENTS, DEAD_LETTERS);
    }
}
