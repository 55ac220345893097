package org.planwatch.bench;

import static org.planwatch.bench.Rig.fmt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.planwatch.bench.Table.Row;
import org.planwatch.process.BootService;

/**
 * On the smallest catalog, an aggregator's scrape and then the end-to-end latency: POST
 * acknowledged → value visible on the aggregator's {@code /actuator/prometheus}, at the
 * configured rate, as batches of 10 events (the single-event POST does not reach that
 * rate here), with the aggregator's and the desk's own delay histograms over the same
 * run.
 */
final class EndToEndRun implements Run {

    static final Goal END_TO_END = Goal.atMost("p99 ≤ 500 ms", 500);
    static final Goal DESK_DELAY = Goal.atMost("p99 ≤ 1000 ms", 1000);

    /** Values the measured run posts start here, above any of its warm-up. */
    private static final long OFFSET = 2_000_000_000L;

    private static final Pattern KPI = Pattern
        .compile("^initiative_kpi_value\\{[^}]*initiative=\"(e2e-\\d+)\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE);

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String measures() {
        return "scrape at the first size, then POST → on /actuator/prometheus";
    }

    @Override
    public void measure(Rig rig, Table table) throws Exception {
        int small = rig.options.scrapeSizes().get(0);
        rig.catalog(small - 100);
        // Its own initiatives and topic, gone again at the end, so the later runs read a
        // topic in order.
        rig.programTopic(Fill.E2E_PROGRAM);
        rig.fill.catalog(Fill.E2E_PROGRAM, 0, 100);
        Path jfr = rig.workDir().resolve("aggregator-e2e.jfr");
        try (BootService aggregator = rig.aggregator("small", Rig.profiled(jfr))) {
            aggregator.awaitReady(Duration.ofMinutes(2));
            ScrapeTiming.measure(rig, table, aggregator, small);
            endToEnd(rig, table, aggregator, small);
            aggregator.stop();
        }
        table.note("Profile of the aggregator through the scrape and end-to-end runs, our methods with their callees: "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 10)));
        Rig.keep(jfr, "planwatch-bench-aggregator-e2e.jfr");
        rig.admin.deleteTopics(List.of("progress." + Fill.E2E_PROGRAM)).all().get();
        rig.fill.remove(Fill.E2E_PROGRAM, 0, 100);
    }

    private static void endToEnd(Rig rig, Table table, BootService aggregator, int initiatives) throws Exception {
        int rate = rig.options.e2eRate();
        try (BootService publisher = rig.publisher("publisher-e2e")) {
            String token = rig.departmentToken(publisher);
            Map<String, List<long[]>> seen = new ConcurrentHashMap<>();
            Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
            // Polled 20 times a second for the one family the run writes: polling the
            // whole page back to back would take a core of the machine away from the
            // pipeline it times.
            ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
            scraper.scheduleWithFixedDelay(() -> poll(aggregator, seen), 0, 50, TimeUnit.MILLISECONDS);
            // Warm-up at the same rate, with values below the measured ones, as long as
            // the run: the publisher has just started, and its JIT compiler would
            // otherwise share the machine with the run.
            HttpLoad.paced(rate / 10.0, rig.options.window().multipliedBy(2), 32,
                    i -> PublisherApi.post(publisher.url() + "/api/v1/events", token, batch(i, 0L)).statusCode() == 200
                            ? 10 : 0);
            String foldBefore = BootService
                .get(aggregator.management() + "/actuator/prometheus?includedNames=progress_fold_delay_seconds")
                .body();
            String deskBefore = BootService
                .get(publisher.management() + "/actuator/prometheus?includedNames=planwatch_desk_delay_seconds")
                .body();
            HttpLoad.Latency post = HttpLoad.paced(rate / 10.0, rig.options.window(), 32, i -> {
                var r = PublisherApi.post(publisher.url() + "/api/v1/events", token, batch(i, OFFSET));
                if (r.statusCode() == 200 && PublisherApi.accepted(r.body()) == 10) {
                    long at = System.nanoTime();
                    for (int k = 0; k < 10; k++) {
                        ackedAt.put(i * 10 + k, at);
                    }
                    return 10;
                }
                return 0;
            });
            Visibility visibility = visibility(ackedAt, seen);
            scraper.shutdownNow();
            scraper.awaitTermination(30, TimeUnit.SECONDS);
            double p99 = HttpLoad.millisAt(visibility.latencies(), 99);
            table.add(Row
                .of("End to end (POST acknowledged → on /actuator/prometheus) at " + rate + " events/s, " + initiatives
                        + " initiatives, p50 / p99 ms",
                        String.format("%.0f / %.0f", HttpLoad.millisAt(visibility.latencies(), 50), p99))
                .reference("sent at " + fmt(post.perSecond() * 10)
                        + " events/s; includes the scrape (of initiative_kpi_value, every 50 ms)")
                .goal(END_TO_END, p99));
            if (visibility.neverSeen() > 0) {
                table.note(visibility.neverSeen() + " acknowledged events never showed on /actuator/prometheus "
                        + "within the wait; each counts with the time it was waited for.");
            }
            String exposition = aggregator.metrics();
            String[] fold = Exposition.delayBounds("progress_fold_delay_seconds", foldBefore, exposition);
            table.add(Row
                .of("… of which publisher received → aggregator counted (progress_fold_delay_seconds, bucket bounds), "
                        + "p50 / p99 ms", "≤ " + fold[0] + " / ≤ " + fold[1])
                .reference("the aggregator's own histogram, over the measured run"));
            String[] desk = Exposition.delayBounds("planwatch_desk_delay_seconds", deskBefore,
                    BootService
                        .get(publisher.management() + "/actuator/prometheus?includedNames=planwatch_desk_delay_seconds")
                        .body());
            table.add(Row
                .of("A report's verdict on the desk (publisher received → in the desk's view, through"
                        + " initiative-status, "
                        + "from the first report a record carries; planwatch_desk_delay_seconds, bucket"
                        + " bounds) at " + rate + " events/s, p50 / p99 ms", "≤ " + desk[0] + " / ≤ " + desk[1])
                .reference("the publisher's own histogram, over the measured run")
                .goal(DESK_DELAY, Exposition.boundMillis(desk[1])));
            table.note("Kafka Streams' thread during the end-to-end run (its own metrics, last window): commit"
                    + " latency avg " + Exposition.gauge(exposition, "kafka_stream_thread_commit_latency_avg")
                    + " ms, poll latency avg " + Exposition.gauge(exposition, "kafka_stream_thread_poll_latency_avg")
                    + " ms, records processed/s " + Exposition.gauge(exposition, "kafka_stream_thread_process_rate")
                    + ".");
            publisher.stop();
        }
    }

    /**
     * Ten events for initiatives e2e-0 to e2e-99, numbered from {@code i * 10}, their
     * values from {@code base}.
     */
    private static String batch(long i, long base) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int k = 0; k < 10; k++) {
            long j = i * 10 + k;
            batch.append(k == 0 ? "" : ",")
                .append("{\"initiativeId\":\"")
                .append(Fill.idOf(Fill.E2E_PROGRAM, (int) (j % 100)))
                .append("\",\"kpis\":{\"n\":")
                .append(base + j)
                .append("},\"reportedBy\":\"bench\"}");
        }
        return batch.append("]}").toString();
    }

    /** Records each measured value of initiative_kpi_value with when it was read. */
    private static void poll(BootService aggregator, Map<String, List<long[]>> seen) {
        try {
            String text = BootService
                .get(aggregator.management() + "/actuator/prometheus?includedNames=initiative_kpi_value")
                .body();
            long at = System.nanoTime();
            Matcher m = KPI.matcher(text);
            while (m.find()) {
                long value = (long) Double.parseDouble(m.group(2));
                if (value >= OFFSET) {
                    List<long[]> samples = seen.computeIfAbsent(m.group(1), k -> new ArrayList<>());
                    synchronized (samples) {
                        samples.add(new long[] { value, at });
                    }
                }
            }
        }
        catch (Exception e) {
            // the next poll
        }
    }

    /**
     * Acknowledged → first seen, in ns; and how many were never seen, counted with the
     * time waited.
     */
    record Visibility(Histogram latencies, int neverSeen) {
    }

    /**
     * For each acknowledged event, the first poll that showed its value or a later one,
     * read no earlier than 5 s before its acknowledgement; waiting 30 s in all for the
     * last polls.
     */
    private static Visibility visibility(Map<Long, Long> ackedAt, Map<String, List<long[]>> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Histogram latencies = new Histogram(HttpLoad.DIGITS);
        int neverSeen = 0;
        for (var e : ackedAt.entrySet()) {
            long i = e.getKey();
            String id = Fill.idOf(Fill.E2E_PROGRAM, (int) (i % 100));
            long n = OFFSET + i;
            Long visible = null;
            while (visible == null && System.nanoTime() < deadline) {
                List<long[]> samples = seen.getOrDefault(id, List.of());
                synchronized (samples) {
                    for (long[] s : new ArrayList<>(samples)) {
                        if (s[0] >= n && s[1] >= e.getValue() - TimeUnit.SECONDS.toNanos(5)) {
                            visible = visible == null ? s[1] : Math.min(visible, s[1]);
                        }
                    }
                }
                if (visible == null) {
                    Thread.sleep(50);
                }
            }
            if (visible == null) {
                neverSeen++;
                visible = System.nanoTime();
            }
            latencies.recordValue(Math.max(0, visible - e.getValue()));
        }
        return new Visibility(latencies, neverSeen);
    }

}
