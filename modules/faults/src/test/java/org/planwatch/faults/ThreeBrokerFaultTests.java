package org.planwatch.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.process.BootService;

/**
 * A three-broker KRaft cluster (every node a voter), topics with replication factor 3 and
 * {@code min.insync.replicas=2}: the leader of the program topic's first partition is
 * killed with SIGKILL under load, and comes back.
 */
class ThreeBrokerFaultTests {

    static final int EVENTS = 20_000;
    static final Duration READY = Duration.ofMinutes(3);
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    static Brokers kafka;
    static BootService publisher;
    static BootService aggregator;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Harness.dir("three-" + RUN);
        kafka = Brokers.start(dir, 3);
        publisher = Services.publisher(dir, "publisher", kafka, Harness.ADMIN).start();
        aggregator = Services.aggregator(dir, "aggregator", kafka, Harness.ADMIN, "three-" + RUN).start();
        publisher.awaitReady(READY);
        aggregator.awaitReady(READY);
    }

    @AfterAll
    static void stop() {
        Harness.closeAll(publisher, aggregator, kafka);
    }

    @Test
    void thePartitionLeaderIsKilledUnderLoad() throws Exception {
        String department = Harness.token(publisher, "department");
        String supervisor = Harness.token(publisher, "supervisor");
        Load load = Harness.load(publisher, department, "s5-" + RUN, 40, EVENTS, 2_000, false, false);
        String topic = "progress." + Harness.PROGRAM;
        TopicDescription before;
        try (Admin admin = kafka.admin()) {
            before = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        }
        assertThat(before.partitions().get(0).replicas()).as("replication factor 3").hasSize(3);
        int leader = before.partitions().get(0).leader().id();
        Harness.awaitAcked(load, EVENTS / 3);
        Instant fault = Instant.now();
        kafka.node(leader).kill();
        kafka.awaitReady(2);
        int newLeader;
        try (Admin admin = kafka.admin()) {
            newLeader = Awaitility.await("a new leader")
                .atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .get(0)
                    .leader()
                    .id(), id -> id != leader);
        }
        Duration failover = Duration.between(fault, Instant.now());
        kafka.node(leader).start();
        kafka.awaitReady(3);
        load.awaitDone(Duration.ofMinutes(4));
        Harness.verify("5. Three brokers (RF 3, min ISR 2): SIGKILL the partition leader under load", load,
                List.of(aggregator), supervisor, failover, "leader " + leader + " killed, " + newLeader
                        + " took over; time: until the new leader was elected; the old one rejoined");
    }

}
