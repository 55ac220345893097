package org.planwatch.aggregator.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The per-initiative part of a scrape of {@code /actuator/prometheus}, without HTTP. What
 * the endpoint does: {@code text}, the families written straight to text by
 * {@link InitiativeText} when no initiative changed since the last scrape (each
 * initiative's rendering is kept), and {@code textAllChanged}, when every one did (each
 * is rendered), and {@code textRejudged}, after an evaluation pass (every verdict new,
 * every state the same). The Prometheus client's path, kept for protobuf scrapes (and
 * what the endpoint did before): building the snapshots from the view ({@code collect}),
 * writing already-built snapshots in the Prometheus text format ({@code write}), and both
 * ({@code scrape}). The size of one scrape is printed in the setup.
 *
 * <p>
 * In the collector's package because {@link InitiativeMetrics} is package-private; JMH
 * needs the classes public.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx2g", // one scrape at 50,000 initiatives is 119 MB
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.planwatch.events.avro" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ScrapeBenchmark {

    @Param({ "1000", "10000", "50000" })
    int initiatives;

    InitiativeView view;

    InitiativeMetrics metrics;

    InitiativeText text;

    /** The same states as {@link #view}, judged a day later: every verdict differs. */
    InitiativeView rejudged;

    InitiativeText flipping;

    boolean odd;

    PrometheusTextFormatWriter writer;

    MetricSnapshots collected;

    /**
     * Reused, as the response buffer of a real scrape is, so growing it is not what gets
     * measured.
     */
    ByteArrayOutputStream out;

    final byte[] socketBuffer = new byte[64 * 1024];

    @Setup
    public void setUp() throws IOException {
        view = new InitiativeView();
        rejudged = new InitiativeView();
        Evaluator evaluator = new Evaluator(AggregatorProperties.Rules.defaults());
        for (int n = 0; n < initiatives; n++) {
            Initiative initiative = Plans.initiative(n);
            InitiativeState state = Plans.folded(initiative, n);
            // Six partitions, as the aggregator's topics have by default.
            view.put(new TaskId(0, n % 6), new InitiativeSnapshot(state, evaluator.evaluate(state, Plans.NOW)));
            rejudged.put(new TaskId(0, n % 6),
                    new InitiativeSnapshot(state, evaluator.evaluate(state, Plans.NOW.plus(Duration.ofDays(1)))));
        }
        metrics = new InitiativeMetrics(view, Plans.ZONE);
        text = new InitiativeText(metrics.families());
        flipping = new InitiativeText(metrics.families());
        drain(flipping, view.all());
        writer = PrometheusTextFormatWriter.create();
        collected = metrics.collect();
        out = new ByteArrayOutputStream(1 << 20);
        int bytes = scrape();
        long samples = collected.stream().mapToLong(m -> m.getDataPoints().size()).sum();
        System.out.printf(
                "%nScrape of %d initiatives: %d bytes (%d written straight to text), %d samples in %d families%n",
                initiatives, bytes, text(), samples, collected.size());
    }

    /**
     * A scrape where no initiative changed since the last one: each initiative's
     * rendering is reused.
     */
    @Benchmark
    public long text() throws IOException {
        return drain(text, view.all());
    }

    /**
     * A scrape after an evaluation pass: every initiative has a new snapshot with a new
     * verdict on the same state, so only the families that read the verdict are rendered
     * again (the judgements flip between two of the same states; the snapshots are new
     * each time, as a pass makes them, so none is rendered yet and each is looked up by
     * initiative).
     */
    @Benchmark
    public long textRejudged() throws IOException {
        odd = !odd;
        List<InitiativeSnapshot> judged = odd ? rejudged.all() : view.all();
        List<InitiativeSnapshot> fresh = new ArrayList<>(judged.size());
        for (InitiativeSnapshot snapshot : judged) {
            fresh.add(new InitiativeSnapshot(snapshot.state(), snapshot.verdict()));
        }
        return drain(flipping, fresh);
    }

    /**
     * A scrape where every initiative changed (or the first after a start): each is
     * rendered.
     */
    @Benchmark
    public long textAllChanged() throws IOException {
        return drain(new InitiativeText(metrics.families()), view.all());
    }

    /**
     * Writes the body out as Spring MVC does ({@code InputStream.transferTo} into the
     * response), into a sink that copies each write into a 64 KiB buffer as Tomcat copies
     * into its socket buffer, without a network.
     */
    private long drain(InitiativeText writer, List<InitiativeSnapshot> snapshots) throws IOException {
        try (InputStream in = writer.body(() -> snapshots, null, false, new byte[0], 0, new byte[0]).open()) {
            return in.transferTo(socket);
        }
    }

    /**
     * Stands in for the socket's write buffer: every byte is copied once into it, as on
     * the way to the kernel.
     */
    final OutputStream socket = new OutputStream() {
        @Override
        public void write(int b) {
            socketBuffer[0] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int k = Math.min(length, socketBuffer.length);
                System.arraycopy(bytes, offset, socketBuffer, 0, k);
                offset += k;
                length -= k;
            }
        }
    };

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
