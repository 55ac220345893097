package org.planwatch.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.planwatch.process.BootService;

/**
 * A consumer group's rate over the bench's topic, timed by the records it has processed
 * (read from the application while it runs), from the first reading past {@link #WARM_UP}
 * of the topic to the first that holds it all: JVM start, catalog load and warm-up left
 * out. Done is when its committed offsets hold the whole topic.
 *
 * <p>
 * Committed offsets alone move once a commit interval (2 s while catching up): a run of
 * three seconds, as Streams' count takes over the bench's topic, holds one or two of
 * them, and its rate read between commits moved by a factor of 2.5 from run to run.
 * {@link #committedRate} is that reading, kept for comparison.
 *
 * @param rate records processed per second, past the warm-up to the last
 * @param committedRate records per second between the group's first commit and its last
 * @param window when the processing ran
 */
record CaughtUp(double rate, double committedRate, Profile.Window window) {

    private static final String TOPIC = "progress." + Fill.PROGRAM;

    /**
     * The share of the topic read before the timing starts: each run is a fresh JVM (or
     * fresh Streams threads) whose first records run while its code is compiled, and the
     * compiler's threads share the machine's two cores.
     */
    static final double WARM_UP = 0.1;

    /** How many of the topic's records a running application has processed so far. */
    @FunctionalInterface
    interface Processed {

        long get() throws Exception;

    }

    /**
     * The aggregator's events counted so far ({@code progress_fold_delay_seconds_count},
     * recorded as each event is counted, before its commit), read from its own scrape;
     * none while it starts and does not answer yet.
     */
    static Processed counted(BootService aggregator) {
        String url = aggregator.management() + "/actuator/prometheus?includedNames=progress_fold_delay_seconds";
        return () -> {
            try {
                return (long) Exposition.sum(BootService.get(url).body(), "progress_fold_delay_seconds_count");
            }
            catch (IOException notListeningYet) {
                return 0;
            }
        };
    }

    /**
     * Waits until {@code group} has committed {@code total} records, timing them by
     * {@code processed}, read every {@code every}; a note says when the rate is a lower
     * bound.
     */
    static CaughtUp await(Admin admin, String group, long total, Processed processed, Duration every, Table table,
            String logs) throws Exception {
        long entered = System.nanoTime();
        Instant enteredAt = Instant.now();
        Sample first = null;
        Sample last = null;
        Sample firstCommit = null;
        long nextCommitCheck = entered;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            long count = processed.get();
            long now = System.nanoTime();
            Sample reading = new Sample(now, count, Instant.now());
            if (first == null && count >= total * WARM_UP) {
                first = reading;
            }
            if (last == null && count >= total) {
                last = reading;
            }
            if (now >= nextCommitCheck) {
                nextCommitCheck = now + TimeUnit.MILLISECONDS.toNanos(200);
                long committed = committed(admin, group);
                if (firstCommit == null && committed > 0) {
                    firstCommit = new Sample(now, committed, reading.at);
                }
                if (committed >= total) {
                    double byCommits = firstCommit.count >= total ? Double.NaN
                            : (total - firstCommit.count) / ((now - firstCommit.nanos) / 1e9);
                    if (first == null) {
                        // Nothing processed could be read: the rate between commits
                        // alone.
                        table.note(group + " showed no records processed; its rate is read between its commits.");
                        return new CaughtUp(Double.isNaN(byCommits) ? total / ((now - entered) / 1e9) : byCommits,
                                byCommits, new Profile.Window(enteredAt, reading.at));
                    }
                    if (last == null) {
                        // Some records were not counted (dead letters): all were
                        // processed by the time they were committed.
                        last = reading;
                    }
                    if (first == last) {
                        // Everything was processed between two readings: timed from the
                        // start instead, a lower bound.
                        table.note(group + " processed the whole topic between two readings: its rate is counted"
                                + " from its start, a lower bound.");
                        return new CaughtUp(total / ((last.nanos - entered) / 1e9), byCommits,
                                new Profile.Window(enteredAt, last.at));
                    }
                    return new CaughtUp((last.count - first.count) / ((last.nanos - first.nanos) / 1e9), byCommits,
                            new Profile.Window(first.at, last.at));
                }
            }
            Thread.sleep(every.toMillis());
        }
        throw new IllegalStateException(group + " did not catch up; see the aggregator's log in " + logs);
    }

    /** Events on the bench's topic, the sum of its partitions' end offsets. */
    static long total(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC))
            .allTopicNames()
            .get()
            .get(TOPIC)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(TOPIC, p.partition()))
            .toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
        return offsets.entrySet()
            .stream()
            .filter(e -> e.getKey().topic().equals(TOPIC))
            .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset())
            .sum();
    }

    private record Sample(long nanos, long count, Instant at) {
    }

}
