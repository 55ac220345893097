package org.planwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.planwatch.bench.Table.Row;
import org.planwatch.process.BootService;

/**
 * The aggregator's {@code /actuator/prometheus} at a catalog size, timed as Prometheus
 * reads it, beside the same bytes from a {@link PlainServer}; with a JFR recording of the
 * timed scrapes and the aggregator's heap after them. The e2e, aggregation and scrape
 * runs each time it at their sizes.
 */
final class ScrapeTiming {

    /**
     * Judged on the slowest: every scrape should meet it, the one after an evaluation
     * pass too.
     */
    static final Map<Integer, Goal> SLOWEST = Map.of(10_000, Goal.atMost("≤ 100 ms", 100), 50_000,
            Goal.atMost("≤ 500 ms", 500));
    static final Map<Integer, Goal> LIVE_HEAP = Map.of(50_000, Goal.atMost("heap ≤ 512 MB", 512));

    private static final int TIMED = 7;

    private ScrapeTiming() {
    }

    static void measure(Rig rig, Table table, BootService aggregator, int size) throws Exception {
        awaitCatalog(aggregator, size);
        List<Long> times = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        List<Profile.Window> windows = new ArrayList<>();
        long bytes = 0;
        // Recorded from here, in the running JVM: what the timed scrapes waited for, the
        // slowest's too.
        Path jfr = rig.workDir().resolve("scrape-" + size + ".jfr");
        aggregator.process().jcmd("JFR.start", "name=scrapes", "settings=profile", "filename=" + jfr);
        // Ten scrapes to warm up (Prometheus scrapes an instance all its life; a cold JIT
        // is not its steady state), then the timed ones, spread over more than one
        // evaluation interval so that one of them is the first after a pass.
        Duration spacing = Rig.EVALUATION_INTERVAL.dividedBy(TIMED - 1);
        PlainServer plain = null;
        try {
            for (int i = -10; i < TIMED; i++) {
                if (i == 0) {
                    // The floor: the same number of bytes from a server that only writes
                    // them, read the same way right after each timed scrape, so both see
                    // the same minute.
                    plain = new PlainServer(Math.toIntExact(bytes));
                    for (int w = 0; w < 10; w++) {
                        Scraper.get(plain.port(), "/");
                    }
                }
                // Until the last byte is in, read as a scraper reads it: into a buffer,
                // not decoded.
                Instant from = Instant.now();
                long start = System.nanoTime();
                bytes = Scraper.get(aggregator.managementPort(), "/actuator/prometheus");
                if (i >= 0) {
                    times.add(System.nanoTime() - start);
                    windows.add(new Profile.Window(from, Instant.now()));
                    long plainStart = System.nanoTime();
                    Scraper.get(plain.port(), "/");
                    floor.add(System.nanoTime() - plainStart);
                    // Pacing the scrapes, as Prometheus does; nothing is awaited here.
                    Thread.sleep(spacing.toMillis());
                }
            }
        }
        finally {
            if (plain != null) {
                plain.close();
            }
        }
        aggregator.process().jcmd("JFR.stop", "name=scrapes");
        table.note("The same bytes from a plain socket server (PlainServer), each read right after the timed"
                + " scrape above it, " + "at " + size + " initiatives, ms: " + inMillis(floor));
        // In the order taken, so the one after an evaluation pass shows.
        table.note("The timed scrapes at " + size + " initiatives in the order taken, " + spacing.toMillis() / 1000.0
                + " s apart, ms: " + inMillis(times));
        Profile.Window slowest = windows.get(times.indexOf(Collections.max(times)));
        table
            .note("Within the seven timed scrapes at " + size + " initiatives (JFR): " + Profile.within(jfr, windows, 4)
                    + ". Within the slowest alone: " + Profile.within(jfr, List.of(slowest), 4));
        table.note(
                "Profile of the aggregator within the slowest scrape at " + size + ", our methods with their callees: "
                        + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 6, slowest.from(), slowest.to())));
        Rig.keep(jfr, "planwatch-bench-scrape-" + size + ".jfr");
        Histogram scrapes = histogram(times);
        Histogram plainScrapes = histogram(floor);
        double median = HttpLoad.millisAt(scrapes, 50);
        double max = HttpLoad.millisAt(scrapes, 100);
        double floorMedian = HttpLoad.millisAt(plainScrapes, 50);
        table.add(Row
            .of("Scrape of /actuator/prometheus at " + size + " initiatives, median / max of " + TIMED + " spread over "
                    + Rig.EVALUATION_INTERVAL.multipliedBy(TIMED).dividedBy(TIMED - 1).toSeconds()
                    + " s, one after an evaluation pass, ms (size)",
                    String.format("%.0f / %.0f (%.1f MB)", median, max, bytes / 1e6))
            .against(String.format("%.0f / %.0f from a plain socket server, same size", floorMedian,
                    HttpLoad.millisAt(plainScrapes, 100)), median / floorMedian)
            .goal(SLOWEST.get(size), max));
        long inUse = aggregator.heapUsedMiB();
        long live = aggregator.heapLiveMiB();
        table.add(Row
            .of("Aggregator heap live after a full GC / in use after the scrapes / peak RSS at " + size
                    + " initiatives, MiB", live + " / " + inUse + " / " + aggregator.process().peakRssMiB())
            .goal(LIVE_HEAP.get(size), live));
    }

    /** Until the aggregator exports every initiative of the catalog. */
    private static void awaitCatalog(BootService aggregator, int size) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            // The one family that counts the initiatives, not the whole page every
            // second.
            String text = BootService.get(aggregator.management() + "/actuator/prometheus?includedNames=initiative")
                .body();
            if (Exposition.count(text, "\ninitiative_info{") >= size) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static Histogram histogram(List<Long> nanos) {
        Histogram histogram = new Histogram(HttpLoad.DIGITS);
        nanos.forEach(histogram::recordValue);
        return histogram;
    }

    private static String inMillis(List<Long> nanos) {
        return nanos.stream().map(t -> String.format("%.0f", t / 1e6)).collect(Collectors.joining(", "));
    }

}
