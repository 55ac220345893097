package org.planwatch.bench;

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

/**
 * A consumer group's rate over the bench's topic from its first committed offset to the
 * last, and when that was: JVM start and catalog load left out.
 */
record CaughtUp(double rate, Profile.Window window) {

    private static final String TOPIC = "progress." + Fill.PROGRAM;

    /**
     * Waits until {@code group} has committed {@code total} events; a note says when the
     * rate is a lower bound.
     */
    static CaughtUp await(Admin admin, String group, long total, Table table, String logs) throws Exception {
        long entered = System.nanoTime();
        Instant enteredAt = Instant.now();
        long firstAt = 0;
        long firstCommitted = 0;
        Instant from = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            long committed = committed(admin, group);
            long now = System.nanoTime();
            if (firstAt == 0 && committed > 0) {
                firstAt = now;
                firstCommitted = committed;
                from = Instant.now();
            }
            if (committed >= total && firstAt == now) {
                // The first commit held the whole topic (a small topic and a fast
                // consumer): no two commits to time between, so counted from the start
                // instead, a lower bound.
                table
                    .note(group + " committed the whole topic in its first commit: its rate is counted from its start, "
                            + "a lower bound.");
                return new CaughtUp(total / ((now - entered) / 1e9), new Profile.Window(enteredAt, Instant.now()));
            }
            if (committed >= total) {
                return new CaughtUp((total - firstCommitted) / ((now - firstAt) / 1e9),
                        new Profile.Window(from, Instant.now()));
            }
            Thread.sleep(200);
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
}
