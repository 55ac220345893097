package org.planwatch.aggregator.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.apache.kafka.streams.processor.TaskId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.topology.Evaluator;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.jmh.Plans;

/**
 * The per-initiative part of a scrape of {@code /actuator/prometheus}, without HTTP. What the
 * endpoint does: {@code text}, the families written straight to text by {@link InitiativeText}.
 * The Prometheus client's path, kept for protobuf and filtered scrapes (and what the endpoint did
 * before): building the snapshots from the view ({@code collect}), writing already-built snapshots
 * in the Prometheus text format ({@code write}), and both ({@code scrape}). The size of one scrape
 * is printed in the setup.
 *
 * <p>In the collector's package because {@link InitiativeMetrics} is package-private; JMH needs
 * the classes public.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ScrapeBenchmark {

    @Param({"1000", "10000", "50000"})
    int initiatives;

    InitiativeView view;
    InitiativeMetrics metrics;
    InitiativeText text;
    PrometheusTextFormatWriter writer;
    MetricSnapshots collected;
    /** Reused, as the response buffer of a real scrape is, so growing it is not what gets measured. */
    ByteArrayOutputStream out;

    @Setup
    public void setUp() throws IOException {
        view = new InitiativeView();
        Evaluator evaluator = new Evaluator(AggregatorProperties.Rules.defaults());
        for (int n = 0; n < initiatives; n++) {
            Initiative initiative = Plans.initiative(n);
            InitiativeState state = Plans.folded(initiative, n);
            // Six partitions, as the aggregator's topics have by default.
            view.put(new TaskId(0, n % 6), new InitiativeSnapshot(state, evaluator.evaluate(state, Plans.NOW)));
        }
        metrics = new InitiativeMetrics(view, Plans.ZONE);
        text = new InitiativeText(metrics.families());
        writer = PrometheusTextFormatWriter.create();
        collected = metrics.collect();
        out = new ByteArrayOutputStream(1 << 20);
        int bytes = scrape();
        long samples = collected.stream().mapToLong(m -> m.getDataPoints().size()).sum();
        System.out.printf("%nScrape of %d initiatives: %d bytes (%d written straight to text), %d samples in %d families%n",
                initiatives, bytes, text().length, samples, collected.size());
    }

    @Benchmark
    public byte[] text() {
        return text.write(view.all(), null, false, 1 << 20);
    }

    @Benchmark
    public MetricSnapshots collect() {
        return metrics.collect();
    }

    @Benchmark
    public int write() throws IOException {
        out.reset();
        writer.write(out, collected);
        return out.size();
    }

    @Benchmark
    public int scrape() throws IOException {
        out.reset();
        writer.write(out, metrics.collect());
        return out.size();
    }
}
