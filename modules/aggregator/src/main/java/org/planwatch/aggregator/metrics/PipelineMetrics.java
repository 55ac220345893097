package org.planwatch.aggregator.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.aggregator.view.InitiativeView.ProgramTotals;

/**
 * Events processed by program and outcome, and dead letters by program and reason: sums
 * over what this instance owns, so they stay exact when the aggregator scales out (see
 * {@link InitiativeView}).
 */
final class PipelineMetrics implements MultiCollector {

    private static final String EVENTS = "progress_events";

    private static final String DEAD_LETTERS = "progress_dead_letters";

    private static final ProgramTotals NONE = new ProgramTotals(0, 0, 0);

    private final InitiativeView view;

    PipelineMetrics(InitiativeView view) {
        this.view = view;
    }

    /**
     * Declared, so a scrape filtered to other names (?includedNames=) skips this
     * collector.
     */
    @Override
    public List<String> getPrometheusNames() {
        return List.of(EVENTS, DEAD_LETTERS);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, ProgramTotals> byProgram = view.programTotals();
        CounterSnapshot.Builder pipeline = CounterSnapshot.builder()
            .name(EVENTS)
            .help("Progress events processed by the aggregator, by program and outcome (counted, duplicate,"
                    + " dead_lettered)");
        CounterSnapshot.Builder deadLetters = CounterSnapshot.builder()
            .name(DEAD_LETTERS)
            .help("Records sent to progress.dlt, by program topic and reason");
        Map<String, Long> deadByProgram = new TreeMap<>();
        view.deadLetterTotals().forEach((key, count) -> {
            deadByProgram.merge(key.program(), count, Long::sum);
            deadLetters.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("program", key.program(), "reason", key.reason()))
                .value(count)
                .build());
        });
        TreeSet<String> programs = new TreeSet<>(byProgram.keySet());
        programs.addAll(deadByProgram.keySet());
        for (String program : programs) {
            ProgramTotals totals = byProgram.getOrDefault(program, NONE);
            pipeline.dataPoint(point(program, "counted", totals.eventsCounted()));
            pipeline.dataPoint(point(program, "duplicate", totals.duplicates()));
            pipeline.dataPoint(point(program, "dead_lettered", deadByProgram.getOrDefault(program, 0L)));
        }
        return new MetricSnapshots(pipeline.build(), deadLetters.build());
    }

    private static CounterDataPointSnapshot point(String program, String outcome, long value) {
        return CounterDataPointSnapshot.builder()
            .labels(Labels.of("program", program, "outcome", outcome))
            .value(value)
            .build();
    }

}
