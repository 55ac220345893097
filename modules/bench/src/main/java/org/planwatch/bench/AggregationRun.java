package org.planwatch.bench;

import static org.planwatch.bench.Rig.fmt;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.planwatch.bench.Table.Row;
import org.planwatch.process.BootService;

/**
 * The aggregator over a full topic: exactly-once (profiled) and at-least-once against
 * Kafka's consumer, with and without initiative-status, against Kafka Streams' own
 * references; the restart and the restore; then at each larger catalog size the scrape,
 * the desk and the bulletin.
 */
final class AggregationRun implements Run {

    static final Goal EXACTLY_ONCE = Goal.ratioAtLeast(0.50);
    static final Goal WITH_STATUS = Goal.ratioAtLeast(0.90);
    static final Goal RESTORING = Goal.atMost("≤ 10 s restoring", 10);

    /**
     * With (true) and without the status topic, in the order without, with, with,
     * without, with, without, without, with.
     */
    static final boolean[] STATUS_ORDER = { false, true, true, false, true, false, false, true };

    @Override
    public String name() {
        return "aggregation";
    }

    @Override
    public String measures() {
        return "aggregation over a full topic, restore; scrape, desk, bulletin";
    }

    @Override
    public void measure(Rig rig, Table table) throws Exception {
        Options options = rig.options;
        rig.catalog(options.scrapeSizes().get(0) - 100);
        rig.catalog(options.aggregatorInitiatives());
        rig.fill.events(options.aggregatorEvents(), options.aggregatorInitiatives());
        long total = CaughtUp.total(rig.admin);
        table.note("Aggregator runs read progress." + Fill.PROGRAM + " holding " + total + " events over "
                + options.aggregatorInitiatives() + " initiatives, in occurredAt order; catalog "
                + options.aggregatorInitiatives() + " entries.");
        double alos;
        try (BootService aggregator = rig.aggregator("at_least_once", List.of())) {
            alos = caughtUp(rig, table, aggregator, "at_least_once", total).rate();
            aggregator.stop();
        }
        // Exactly-once without and with initiative-status, unprofiled as the Streams
        // references are, in the order of STATUS_ORDER: single runs move by a third
        // (BENCHMARKS.md), and this order cancels a steady drift and its bend.
        List<String> inOrder = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (boolean status : STATUS_ORDER) {
            List<Double> kind = status ? with : without;
            String name = (status ? "status_" : "no_status_") + kind.size();
            double rate = status ? unprofiled(rig, table, name, total)
                    : unprofiled(rig, table, name, total, "--planwatch.aggregator.publish-status=false");
            inOrder.add((status ? "with " : "without ") + fmt(rate));
            kind.add(rate);
        }
        double withoutStatus = mean(without);
        double exactly = mean(with);
        Path jfr = rig.workDir().resolve("aggregator.jfr");
        BootService eos = rig.aggregator("exactly_once_v2", Rig.profiled(jfr));
        try {
            CaughtUp exactlyOnce = caughtUp(rig, table, eos, "exactly_once_v2", total);
            commits(table, eos, exactlyOnce);
            double consumer = rig.limits.consumer();
            table.add(Row.of("Aggregation, exactly_once_v2, events/s (mean of " + with.size() + " runs)", fmt(exactly))
                .against(fmt(consumer) + " raw consumer", exactly / consumer));
            table.add(Row.of("Aggregation, at_least_once, events/s", fmt(alos))
                .against(fmt(consumer) + " raw consumer", alos / consumer));
            table.add(Row
                .of("Aggregation, exactly_once_v2, publishing initiative-status against the same runs without"
                        + " it, events/s (mean of " + with.size() + " runs each, in the order of the note below)",
                        fmt(exactly))
                .against(fmt(withoutStatus) + " without (planwatch.aggregator.publish-status=false)",
                        exactly / withoutStatus)
                .goal(WITH_STATUS));
            table.note("Exactly-once runs in order, events/s: " + String.join(", ", inOrder)
                    + "; then the profiled run (JFR) with status: " + fmt(exactlyOnce.rate()) + ".");
            streamsReferences(rig, table, exactly, total);
            eos.stop();
            profile(table, jfr, exactlyOnce.window());

            // The same start with the state kept: what the restore figure below costs
            // beyond starting.
            eos = rig.aggregator("exactly_once_v2", List.of());
            double kept = secondsToReady(eos);
            eos.stop();
            table.add(Row.of("Restart with the state kept (JVM and Spring start, no restore), s to ready",
                    String.format("%.1f", kept)));

            Bench.deleteRecursively(rig.stateDir("exactly_once_v2"));
            eos = rig.aggregator("exactly_once_v2", List.of());
            double restore = secondsToReady(eos);
            // The goal is judged on the restoring, the time beyond an ordinary restart;
            // the total is beside it.
            table.add(Row
                .of("Restore after wiping the state (" + options.aggregatorInitiatives() + " initiatives, " + total
                        + " events), s to ready: in total / beyond a restart with the state kept",
                        String.format("%.1f / %.1f", restore, restore - kept))
                .reference(String.format("%.1f restart with the state kept", kept))
                .goal(RESTORING, restore - kept));

            largerCatalogs(rig, table, eos);
        }
        finally {
            eos.close();
        }
    }

    /**
     * Kafka Streams' own count, and Streams keeping every record, over the same topic;
     * each against ours.
     */
    private static void streamsReferences(Rig rig, Table table, double exactly, long total) throws Exception {
        double consumer = rig.limits.consumer();
        String topic = "progress." + Fill.PROGRAM;
        double streamsCount;
        try (StreamsReference reference = StreamsReference.count(rig.bootstrap, topic, "bench-streams-count",
                rig.workDir().resolve("state-streams-count"))) {
            streamsCount = reference(rig, table, reference, "bench-streams-count", total);
        }
        table.add(Row
            .of("Kafka Streams' own count by key over the same topic (exactly_once_v2, the aggregator's commit"
                    + " interval while catching up, one thread), events/s", fmt(streamsCount))
            .against(fmt(consumer) + " raw consumer", streamsCount / consumer));
        // The bar for an application that counts each event once, on the same engine.
        table.add(Row.of("Aggregation, exactly_once_v2, against Kafka Streams' own count", fmt(exactly))
            .against(fmt(streamsCount) + " Streams count", exactly / streamsCount)
            .goal(EXACTLY_ONCE));
        double streamsKept;
        try (StreamsReference reference = StreamsReference.keepEveryRecord(rig.bootstrap, topic, "bench-streams-kept",
                rig.workDir().resolve("state-streams-kept"))) {
            streamsKept = reference(rig, table, reference, "bench-streams-kept", total);
        }
        table.add(Row
            .of("Kafka Streams keeping every record (a lookup and a put per record into a changelogged store, "
                    + "exactly_once_v2), events/s", fmt(streamsKept))
            .against(fmt(consumer) + " raw consumer", streamsKept / consumer));
        table.add(Row.of("Aggregation, exactly_once_v2, against Kafka Streams keeping every record", fmt(exactly))
            .against(fmt(streamsKept) + " Streams keeping every record", exactly / streamsKept));
        // The least a fold that counts each event once by its id does (BENCHMARKS.md,
        // "What stands in the way").
        double streamsKeptByKey;
        try (StreamsReference reference = StreamsReference.keepEveryEventByKey(rig.bootstrap, topic,
                "bench-streams-events-by-key", rig.workDir().resolve("state-streams-events-by-key"))) {
            streamsKeptByKey = reference(rig, table, reference, "bench-streams-events-by-key", total);
        }
        table.add(Row
            .of("Kafka Streams keeping every event once by key (each record decoded for its eventId with the"
                    + " aggregator's codec, the id looked up among its key's in memory, a key's new events of a"
                    + " commit in one record of a changelogged store, exactly_once_v2), events/s",
                    fmt(streamsKeptByKey))
            .against(fmt(streamsCount) + " Streams count", streamsKeptByKey / streamsCount));
        table.add(Row
            .of("Aggregation, exactly_once_v2, against Kafka Streams keeping every event once by key", fmt(exactly))
            .against(fmt(streamsKeptByKey) + " Streams keeping every event once by key", exactly / streamsKeptByKey));
    }

    /**
     * The exactly-once run from its first event counted to its last: its start and the
     * catalog's load and the warm-up left out, as in the rate.
     */
    private static void profile(Table table, Path jfr, Profile.Window window) throws Exception {
        Instant from = window.from();
        Instant to = window.to();
        table.note("Profile of the exactly_once_v2 run past its first tenth to its last event counted (JFR execution"
                + " samples), by package of the top frame: " + String.join("; ", Profile.packages(jfr, 10, from, to)));
        table.note("Profile of the exactly_once_v2 run (same window), top frames: "
                + String.join("; ", Profile.top(jfr, 12, from, to)));
        table.note(
                "Profile of the exactly_once_v2 run (same window), our methods with their callees (share of samples): "
                        + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 12, from, to)));
        table.note("The exactly_once_v2 aggregator's threads (same window), share of the machine's CPU (JFR"
                + " jdk.ThreadCPULoad; " + "GC threads are not among them): "
                + String.join("; ", Profile.threadCpu(jfr, from, to, 5)));
        Rig.keep(jfr, "planwatch-bench-aggregator.jfr");
    }

    /**
     * At each larger size: the scrape of the restored aggregator, then the desk and (up
     * to 10,000) the bulletin.
     */
    private static void largerCatalogs(Rig rig, Table table, BootService eos) throws Exception {
        List<Integer> sizes = rig.options.scrapeSizes();
        try (BootService desk = rig.publisher("desk")) {
            String supervisor = rig.token(desk, "{\"role\":\"supervisor\",\"label\":\"bench\"}");
            for (int size : sizes.subList(1, sizes.size())) {
                rig.catalog(size);
                // The desk catches up first, so it reads nothing while the scrape is
                // timed.
                DeskBench.awaitDesk(desk, supervisor, size);
                ScrapeTiming.measure(rig, table, eos, size);
                DeskBench.measure(table, desk, supervisor, rig.bootstrap, size);
                if (size <= 10_000) {
                    BulletinBench.measure(table, desk, supervisor, size, Rig.PUBLISHER_HEAP);
                }
            }
            desk.stop();
        }
    }

    /** One exactly-once run over the whole topic, without a profiler, and its rate. */
    private static double unprofiled(Rig rig, Table table, String name, long total, String... extra) throws Exception {
        try (BootService aggregator = rig.aggregator(name, List.of(), extra)) {
            double rate = caughtUp(rig, table, aggregator, name, total).rate();
            aggregator.stop();
            return rate;
        }
    }

    /**
     * How often the thread committed through the profiled run: each commit writes every
     * changed state of every task of the thread (ADR 0016, 0018).
     */
    private static void commits(Table table, BootService eos, CaughtUp run) throws Exception {
        // The filter matches the counter's name, which its sample extends with _total.
        String exposition = BootService
            .get(eos.management() + "/actuator/prometheus?includedNames=kafka_stream_thread_commit")
            .body();
        String commits = Exposition.gauge(exposition, "kafka_stream_thread_commit_total");
        double seconds = Duration.between(run.window().from(), run.window().to()).toMillis() / 1000.0;
        table.note(String.format(
                "The profiled run's stream thread committed %s times since it started"
                        + " (kafka_stream_thread_commit_total); %.1f s from a tenth of the topic counted to all of it.",
                commits, seconds));
    }

    /** A Streams reference's rate, read from its thread every 20 ms (in this process). */
    private static double reference(Rig rig, Table table, StreamsReference reference, String group, long total)
            throws Exception {
        CaughtUp run = CaughtUp.await(rig.admin, group, total, reference::processed, Duration.ofMillis(20), table,
                rig.workDir().toString());
        table.note(String.format("%s: %s events/s by the records processed (past the first tenth), %s.", group,
                fmt(run.rate()), byCommits(run)));
        return run.rate();
    }

    /**
     * An aggregator's rate, read from its scrape every 100 ms (filtered to one family, a
     * scrape that walks no initiative).
     */
    static CaughtUp caughtUp(Rig rig, Table table, BootService aggregator, String name, long total) throws Exception {
        CaughtUp run = CaughtUp.await(rig.admin, "bench-" + name, total, CaughtUp.counted(aggregator),
                Duration.ofMillis(100), table, rig.workDir().toString());
        table.note(String.format("bench-%s: %s events/s by the events counted (past the first tenth), %s.", name,
                fmt(run.rate()), byCommits(run)));
        return run;
    }

    /**
     * The rate read between the group's first commit and its last, as the notes say it.
     */
    static String byCommits(CaughtUp run) {
        return Double.isNaN(run.committedRate()) ? "the whole topic in its first commit"
                : fmt(run.committedRate()) + " between its first commit and its last";
    }

    /** Seconds from a just started service's start until it reports ready. */
    private static double secondsToReady(BootService started) throws Exception {
        started.awaitReady(Duration.ofMinutes(10));
        return Duration.between(started.process().startedAt(), Instant.now()).toMillis() / 1000.0;
    }

    private static double mean(List<Double> rates) {
        return rates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

}
