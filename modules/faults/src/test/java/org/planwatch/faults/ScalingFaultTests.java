package org.planwatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.planwatch.process.BootService;

/**
 * Two aggregator instances of one Streams application, as separate processes on one
 * broker: scaled out and in under load, and one frozen (SIGSTOP) past its session timeout
 * and thawed, a zombie that must be fenced. The verifier sums
 * {@code initiative_events_total} over the live instances.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalingFaultTests {

    static final int EVENTS = 20_000;
    static final int INITIATIVES = 40;
    static final Duration READY = Duration.ofMinutes(2);
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    static Brokers kafka;
    static BootService publisher;
    static BootService first;
    static BootService second;
    static String department;
    static String supervisor;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Harness.dir("scaling-" + RUN);
        kafka = Brokers.start(dir, 1);
        publisher = Services.publisher(dir, "publisher", kafka, Harness.ADMIN).start();
        first = Services.aggregator(dir, "aggregator-1", kafka, Harness.ADMIN, "scaling-" + RUN).start();
        second = Services.aggregator(dir, "aggregator-2", kafka, Harness.ADMIN, "scaling-" + RUN);
        publisher.awaitReady(READY);
        first.awaitReady(READY);
        department = Harness.token(publisher, "department");
        supervisor = Harness.token(publisher, "supervisor");
    }

    @AfterAll
    static void stop() {
        Harness.closeAll(publisher, first, second, kafka);
    }

    @Test
    @Order(1)
    void scaleOutFromOneInstanceToTwoUnderLoad() throws Exception {
        Load load = Harness.load(publisher, department, "s8a-" + RUN, INITIATIVES, EVENTS, 1_000, false, false);
        Harness.awaitAcked(load, EVENTS / 4);
        Instant change = Instant.now();
        second.start().awaitReady(READY);
        Duration recovery = Duration.between(change, Instant.now());
        load.awaitDone(Duration.ofMinutes(3));
        Harness.verify("8. Scale the aggregator 1 → 2 instances under load", load, List.of(first, second), supervisor,
                recovery, "metrics summed over both instances; time: until the new instance is ready");
        assertThat(owners(load)).as("both instances serve part of the initiatives").hasSize(2);
        // Each initiative's last status record (what the desk shows, once per initiative)
        // survived the move.
        Harness.assertStatusTopicAgrees(kafka, load, List.of(first, second), supervisor);
    }

    @Test
    @Order(2)
    void scaleInFromTwoInstancesToOneUnderLoad() throws Exception {
        Load load = Harness.load(publisher, department, "s8b-" + RUN, INITIATIVES, EVENTS, 1_000, false, false);
        Harness.awaitAcked(load, EVENTS / 3);
        Instant change = Instant.now();
        second.process().terminate();
        first.awaitReady(READY);
        Duration recovery = Duration.between(change, Instant.now());
        load.awaitDone(Duration.ofMinutes(3));
        Harness.verify("8. Scale the aggregator 2 → 1 instance under load (SIGTERM)", load, List.of(first), supervisor,
                recovery, "the remaining instance takes every partition");
        Harness.assertStatusTopicAgrees(kafka, load, List.of(first), supervisor);
    }

    @Test
    @Order(3)
    void aFrozenInstanceIsFencedWhenItWakesUp() throws Exception {
        second.start().awaitReady(READY);
        first.awaitReady(READY);
        // Streams may keep every active task on the caught-up instance and give the
        // restarted one warm-ups only; frozen without a task, it would never be fenced.
        await("the restarted instance to serve some initiatives").atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(() -> !Verifier.eventsTotal(second.metrics()).isEmpty());
        Load load = Harness.load(publisher, department, "s9-" + RUN, INITIATIVES, EVENTS, 1_000, false, false);
        try (ViewWatch watch = Harness.watch(load, List.of(first, second), supervisor)) {
            Harness.awaitAcked(load, EVENTS / 4);
            Set<String> ids = load.initiatives();
            // A rebalance since may have moved every task away (a task's close drops its
            // initiatives from the metrics): freeze it right after it showed some of
            // these.
            await("the restarted instance to serve some of this load's initiatives").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> Verifier.eventsTotal(second.metrics()).keySet().stream().anyMatch(ids::contains));
            Instant freeze = Instant.now();
            second.process().freeze();
            int takenOver = watch.next();
            await("the other instance to take over every initiative").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> Verifier.eventsTotal(first.metrics()).keySet().containsAll(ids));
            Duration takeover = Duration.between(freeze, Instant.now());
            long logBefore = Files.size(second.process().log());
            second.process().thaw();
            int woken = watch.next();
            await("the thawed zombie to be fenced").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fenced(second.process().log(), logBefore));
            watch.next(); // fenced: what it shows from here on, it was given again
            load.awaitDone(Duration.ofMinutes(3));
            second.awaitReady(READY);
            Harness.verify("9. SIGSTOP an aggregator past its session timeout, then SIGCONT", load,
                    List.of(first, second), supervisor, takeover,
                    "time: until the other instance served every initiative; the thawed zombie rejoined");
            Harness.assertStatusTopicAgrees(kafka, load, List.of(first, second), supervisor);
            Harness.assertNoAbortedStatusIsRead(kafka, load);
            Harness.assertNothingRolledBackWasShown(watch, takenOver);
            Harness.assertOnlyCommittedCountsWereShown(watch, kafka, "scaling-" + RUN, load);
            System.out.printf("answers between the zombie waking and its fencing: %d%n", watch.count(woken));
        }
    }

    /**
     * Kafka Streams' own word, in the process's log since {@code from}, that the zombie
     * was fenced: by its producer's transaction (when it woke mid-commit) or by the
     * group, which had expelled it (when its heartbeat woke first). Either way its tasks
     * were closed dirty and its work aborted.
     */
    private static boolean fenced(Path log, long from) throws IOException {
        try (var channel = FileChannel.open(log)) {
            channel.position(from);
            String since = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            return since.contains("Detected that the thread is being fenced") || since.contains("TaskMigratedException")
                    || since.contains("lost due to missed rebalance");
        }
    }

    /** Which instance serves each initiative: the ones whose metrics carry it. */
    private static Set<String> owners(Load load) throws Exception {
        Set<String> ids = load.initiatives();
        Set<String> owners = new HashSet<>();
        for (BootService aggregator : List.of(first, second)) {
            Map<String, Double> served = Verifier.eventsTotal(aggregator.metrics());
            if (served.keySet().stream().anyMatch(ids::contains)) {
                owners.add(aggregator.process().name());
            }
        }
        return owners;
    }

}
