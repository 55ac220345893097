package org.planwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How big a run is. {@link #full} is what the goals are stated for; {@link #quick} is the
 * smoke configuration CI runs (it must complete; its figures mean little).
 * {@link BenchCommand} makes one from the command line.
 *
 * @param rawRecords records for Kafka's ProducerPerformance and ConsumerPerformance
 * @param window how long each saturation and latency measurement runs
 * @param aggregatorEvents events pre-filled for the aggregator runs and the restore
 * @param aggregatorInitiatives initiatives those events spread over
 * @param scrapeSizes catalog sizes at which the scrape is timed (ascending)
 * @param e2eRate events per second of the end-to-end latency run
 * @param out where the table goes (BENCHMARKS.md), or null for stdout only
 * @param parts the {@link Run}s to run after the limits, by name; empty for all
 */
record Options(int rawRecords, Duration window, int aggregatorEvents, int aggregatorInitiatives,
        List<Integer> scrapeSizes, int e2eRate, Path workDir, Path out, List<String> parts) {

    boolean runs(String part) {
        return parts.isEmpty() || parts.contains(part);
    }

    Options only(List<String> only) {
        return new Options(rawRecords, window, aggregatorEvents, aggregatorInitiatives, scrapeSizes, e2eRate, workDir,
                out, only);
    }

    static Options full(Path workDir, Path out) {
        return new Options(1_000_000, Duration.ofSeconds(15), 1_000_000, 10_000, List.of(1_000, 10_000, 50_000), 1_000,
                workDir, out, List.of());
    }

    static Options quick(Path workDir, Path out) {
        return new Options(20_000, Duration.ofSeconds(2), 20_000, 300, List.of(200, 400), 200, workDir, out, List.of());
    }
}
