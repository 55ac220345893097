package org.planwatch.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.SchemaHistory;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;
import org.planwatch.process.BootService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faults on a one-broker installation: each service and the broker is its own OS process,
 * killed, stopped or restarted while the load generator posts 20,000 events; the verifier
 * then checks the aggregator against the acknowledged set. Each scenario uses its own
 * initiatives, so the processes are shared and every scenario starts from the healthy
 * state the previous one ended in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleBrokerFaultTests {

    static final int EVENTS = 20_000;
    static final int INITIATIVES = 40;
    static final double PER_SECOND = 2_000;
    static final Duration READY = Duration.ofMinutes(2);

    static Path dir;
    static Brokers kafka;
    static BootService publisher;
    static BootService aggregator;
    static String department;
    static String supervisor;
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void start() throws Exception {
        dir = Harness.dir("single-" + RUN);
        kafka = Brokers.start(dir, 1);
        publisher = Services.publisher(dir, "publisher", kafka, Harness.ADMIN).start();
        aggregator = Services.aggregator(dir, "aggregator", kafka, Harness.ADMIN, "faults-" + RUN).start();
        publisher.awaitReady(READY);
        aggregator.awaitReady(READY);
        department = Harness.token(publisher, "department");
        supervisor = Harness.token(publisher, "supervisor");
    }

    @AfterAll
    static void stop() {
        Harness.closeAll(publisher, aggregator, kafka);
    }

    private Load load(String scenario, boolean shuffle, boolean twice) throws Exception {
        return Harness.load(publisher, department, scenario + "-" + RUN, INITIATIVES, EVENTS, PER_SECOND, shuffle,
                twice);
    }

    private static Verifier.Outcome verify(String scenario, Load load, Duration recovery, String notes) {
        return Harness.verify(scenario, load, List.of(aggregator), supervisor, recovery, notes);
    }

    @Test
    @Order(1)
    void aggregatorKilledMidStreamAndRestarted() throws Exception {
        Load load = load("s1", false, false);
        try (ViewWatch watch = Harness.watch(load, List.of(aggregator), supervisor)) {
            Harness.awaitAcked(load, EVENTS / 3);
            Instant fault = Instant.now();
            aggregator.process().kill();
            int restarted = watch.next();
            aggregator.start().awaitReady(READY);
            Duration recovery = Duration.between(fault, Instant.now());
            load.awaitDone(Duration.ofMinutes(3));
            verify("1. SIGKILL the aggregator mid-stream, restart", load, recovery,
                    "ready again after the old member's session timeout");
            Harness.assertStatusTopicAgrees(kafka, load, List.of(aggregator), supervisor);
            Harness.assertNoAbortedStatusIsRead(kafka, load);
            Harness.assertNothingRolledBackWasShown(watch, restarted);
            Harness.assertOnlyCommittedCountsWereShown(watch, kafka, "faults-" + RUN, load);
        }
    }

    @Test
    @Order(2)
    void aggregatorStateWipedAndRestoredFromChangelogs() throws Exception {
        Load load = load("s2", false, false);
        Harness.awaitAcked(load, EVENTS / 3);
        Instant fault = Instant.now();
        aggregator.process().kill();
        Services.wipeState(dir, aggregator);
        aggregator.start().awaitReady(READY);
        Duration recovery = Duration.between(fault, Instant.now());
        load.awaitDone(Duration.ofMinutes(3));
        verify("2. Wipe the aggregator's state folder, restart", load, recovery,
                "every store restored from its changelog");
    }

    @Test
    @Order(3)
    void publisherKilledUnderLoadWhileClientsRetry() throws Exception {
        Load load = load("s3", false, false);
        Harness.awaitAcked(load, EVENTS / 3);
        long resentBefore = load.resent();
        Instant fault = Instant.now();
        publisher.process().kill();
        publisher.start().awaitReady(READY);
        Duration recovery = Duration.between(fault, Instant.now());
        load.awaitDone(Duration.ofMinutes(3));
        verify("3. SIGKILL the publisher under load; clients retry", load, recovery,
                (load.resent() - resentBefore) + " requests sent again with the same eventIds");
        assertThat(load.resent()).as("the kill was felt by the clients").isGreaterThan(resentBefore);
    }

    @Test
    @Order(4)
    void theOnlyBrokerStopsAndComesBack() throws Exception {
        Load load = load("s4", false, false);
        Harness.awaitAcked(load, EVENTS / 3);
        Instant fault = Instant.now();
        kafka.node(1).terminate();
        load.brokerDown();
        long unavailableBefore = load.unavailableItems();
        Awaitility.await("503s while the broker is down")
            .atMost(Duration.ofMinutes(1))
            .until(() -> load.unavailableItems() > unavailableBefore);
        load.brokerBack();
        kafka.node(1).start();
        kafka.awaitReady(1);
        publisher.awaitReady(READY);
        aggregator.awaitReady(READY);
        Duration recovery = Duration.between(fault, Instant.now());
        load.awaitDone(Duration.ofMinutes(3));
        verify("4. Stop the only broker, bring it back", load, recovery,
                (load.unavailableItems() - unavailableBefore) + " items answered 503 while it was down, slowest answer "
                        + load.slowestUnavailableMillis() + " ms; none acknowledged meanwhile");
        assertThat(load.acceptedWhileDown()).as("no 2xx answered while the broker was down").isZero();
        assertThat(load.slowestUnavailableMillis()).as("503 within the publisher's ack timeout (12 s) and a margin")
            .isLessThan(15_000);
    }

    @Test
    @Order(5)
    void duplicatesAndReorderingOnTheWire() throws Exception {
        Load load = load("s11", true, true);
        load.awaitDone(Duration.ofMinutes(3));
        verify("11. Every event posted twice, in shuffled order", load, null,
                load.requests() + " requests for " + EVENTS + " events");
    }

    @Test
    @Order(6)
    void gracefulShutdownOfEachServiceUnderLoad() throws Exception {
        Load load = load("s12", false, false);
        Harness.awaitAcked(load, EVENTS / 4);
        Instant fault = Instant.now();
        publisher.process().terminate();
        publisher.start().awaitReady(READY);
        Harness.awaitAcked(load, EVENTS / 2);
        aggregator.process().terminate();
        aggregator.start().awaitReady(READY);
        Duration recovery = Duration.between(fault, Instant.now());
        load.awaitDone(Duration.ofMinutes(3));
        verify("12. SIGTERM the publisher, then the aggregator, under load", load, recovery,
                "recovery: both restarts, back to back");
    }

    @Test
    @Order(7)
    void poisonOnTheTopicGoesToTheDeadLetterTopicOnceEachWhileGoodEventsAreCounted() throws Exception {
        Load load = load("s6", false, false);
        String topic = "progress." + Harness.PROGRAM;
        long pid = aggregator.process().pid();
        AtomicLong notReady = new AtomicLong();
        var watch = watchReadiness(notReady);
        Map<String, String> expectedReason = new HashMap<>();
        Random random = new Random(6);
        AvroCodec<ProgressEvent> codec = AvroCodec.of(ProgressEvent.class);
        String initiative = load.plan().get(0).initiativeId();
        Harness.awaitAcked(load, EVENTS / 4);
        try (RawProducer raw = new RawProducer(kafka.bootstrapServers())) {
            for (int i = 0; i < 5; i++) {
                byte[] junk = new byte[64];
                random.nextBytes(junk);
                junk[0] = 'x';
                send(raw, topic, initiative, junk, "not_avro", expectedReason);
                byte[] fingerprint = new byte[26];
                random.nextBytes(fingerprint);
                fingerprint[0] = (byte) 0xC3;
                fingerprint[1] = 0x01;
                send(raw, topic, initiative, fingerprint, "unknown_schema", expectedReason);
                String stranger = "no-such-initiative-" + RUN + "-" + i;
                send(raw, topic, stranger, codec.encode(event("poison-" + RUN + "-unknown-" + i, stranger, 50.0)),
                        "unknown_initiative", expectedReason);
                send(raw, topic, initiative,
                        codec.encode(event("poison-" + RUN + "-impossible-" + i, initiative, 250.0)), "invalid_values",
                        expectedReason);
            }
        }
        load.awaitDone(Duration.ofMinutes(3));
        Verifier.Outcome outcome = verify("6. Poison on the topic from a plain producer (20 records, 4 kinds)", load,
                null, "each poison record once in progress.dlt with its reason; the aggregator never left RUNNING");
        Map<String, Integer> seen = new HashMap<>();
        Awaitility.await("every poison record dead-lettered").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            seen.clear();
            for (DeadLetters.Letter letter : DeadLetters.read(kafka.bootstrapServers())) {
                String value = Base64.getEncoder().encodeToString(letter.value());
                if (expectedReason.containsKey(value)) {
                    assertThat(letter.reason()).as(letter.detail()).isEqualTo(expectedReason.get(value));
                    assertThat(letter.topic()).isEqualTo(topic);
                    seen.merge(value, 1, Integer::sum);
                }
            }
            assertThat(seen).as("every poison record, once each")
                .hasSize(expectedReason.size())
                .allSatisfy((value, count) -> assertThat(count).isEqualTo(1));
        });
        watch.shutdownNow();
        assertThat(aggregator.process().pid()).as("the same aggregator process throughout").isEqualTo(pid);
        assertThat(notReady.get()).as("readiness probes answered other than 200 during the poison").isZero();
        assertThat(outcome.exact()).isTrue();
    }

    @Test
    @Order(8)
    void aSecondSchemaVersionWrittenAlongsideTheFirstIsCounted() throws Exception {
        Load load = load("s7", false, false);
        List<Schema> releases = SchemaHistory.get().releasesOf(ProgressEvent.getClassSchema().getFullName());
        Schema v1 = releases.get(0);
        assertThat(v1.getField("supersedes")).as("version 1 lacks the field version 2 added").isNull();
        assertThat(ProgressEvent.getClassSchema().getField("supersedes")).isNotNull();
        BinaryMessageEncoder<GenericRecord> v1Encoder = new BinaryMessageEncoder<>(GenericData.get(), v1);
        List<String> ids = List.copyOf(load.initiatives());
        Harness.awaitAcked(load, EVENTS / 4);
        int written = 0;
        try (RawProducer raw = new RawProducer(kafka.bootstrapServers())) {
            Instant base = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 2_000; i++) {
                String id = ids.get(i % ids.size());
                Load.Event planned = new Load.Event("v1-" + RUN + "-" + i, id, i % 100, base.plusSeconds(i));
                GenericRecord record = new GenericData.Record(v1);
                record.put("eventId", planned.eventId());
                record.put("initiativeId", id);
                record.put("occurredAt", planned.occurredAt().toEpochMilli());
                record.put("receivedAt", Instant.now().toEpochMilli());
                record.put("reportedBy", "legacy system");
                record.put("department", Harness.DEPARTMENT);
                record.put("percentComplete", planned.percent());
                record.put("kpis", Map.of());
                record.put("milestonesReached", List.of());
                record.put("source", new GenericData.EnumSymbol(v1.getField("source").schema(), "CLIENT"));
                ByteBuffer buffer = v1Encoder.encode(record);
                raw.send("progress." + Harness.PROGRAM, id,
                        Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit()));
                load.acknowledgedElsewhere(planned);
                written++;
            }
        }
        load.awaitDone(Duration.ofMinutes(3));
        verify("7. ProgressEvent v1 (no supersedes) written alongside v2 mid-run", load, null,
                written + " v1 records from a plain producer, " + EVENTS + " v2 through the publisher");
    }

    @Test
    @Order(9)
    void catalogChangesWhileEventsFlow() throws Exception {
        Load load = load("s10", false, false);
        List<String> ids = List.copyOf(load.initiatives());
        int changes = 0;
        for (int round = 0; round < 3; round++) {
            Harness.awaitAcked(load, EVENTS * (round + 1) / 4);
            for (String id : ids) {
                var response = Harness.send(publisher.url() + "/api/v1/initiatives/" + id, Harness.ADMIN, "PUT", """
                        {"name":"故障演练事项（第 %d 次调整）","program":"%s","department":"%s","startDate":"2026-01-0%d",
                         "dueDate":"2026-12-%d","measure":"percent"}""".formatted(round + 1, Harness.PROGRAM,
                        Harness.DEPARTMENT, round + 2, 20 + round));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                changes++;
            }
        }
        load.awaitDone(Duration.ofMinutes(3));
        verify("10. Catalog re-baselines while events flow", load, null,
                changes + " catalog changes (dates, names) mid-run");
    }

    /**
     * Supervision slips' steps (issue, sign, answer, close; every tenth sent twice)
     * written to {@code supervision} while the aggregator is killed with SIGKILL and
     * restarted: each slip ends closed with its four steps, none lost, none doubled, none
     * refused.
     */
    @Test
    @Order(10)
    void aggregatorKilledMidStreamOfSlipSteps() throws Exception {
        List<String> ids = Harness.initiatives(publisher, "s11-" + RUN, 20);
        int slips = 25;
        List<SupervisionEvent> steps = new ArrayList<>();
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        SupervisionKind[] loop = { SupervisionKind.ISSUED, SupervisionKind.SIGNED, SupervisionKind.ANSWERED,
                SupervisionKind.CLOSED };
        for (int slip = 0; slip < slips; slip++) {
            for (int k = 0; k < loop.length; k++) {
                for (String id : ids) {
                    steps.add(SupervisionEvent.newBuilder()
                        .setEventId("s11-" + slip + "-" + k)
                        .setInitiativeId(id)
                        .setSlipId("S-" + slip)
                        .setKind(loop[k])
                        .setOccurredAt(t0.plusSeconds(slip * 10L + k))
                        .setActor("fault harness")
                        .setColour(k == 0 ? SlipColour.BLUE : null)
                        .setReason(k == 0 ? "故障演练" : null)
                        .setCause(k == 2 ? "原因" : null)
                        .setRemedy(k == 2 ? "措施" : null)
                        .build());
                }
            }
        }
        AvroCodec<SupervisionEvent> codec = AvroCodec.of(SupervisionEvent.class);
        AtomicLong acked = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (RawProducer raw = new RawProducer(kafka.bootstrapServers())) {
                for (int i = 0; i < steps.size(); i++) {
                    SupervisionEvent step = steps.get(i);
                    raw.send("supervision", step.getInitiativeId(), codec.encode(step));
                    if (i % 10 == 0) {
                        raw.send("supervision", step.getInitiativeId(), codec.encode(step)); // a
                                                                                             // producer's
                                                                                             // retry
                    }
                    acked.incrementAndGet();
                }
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "slip-writer");
        writer.start();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> acked.get() >= steps.size() / 3);
        Instant fault = Instant.now();
        aggregator.process().kill();
        aggregator.start().awaitReady(READY);
        Duration recovery = Duration.between(fault, Instant.now());
        writer.join(Duration.ofMinutes(3).toMillis());
        assertThat(acked.get()).isEqualTo(steps.size());

        JsonMapper json = JsonMapper.builder().build();
        Awaitility.await("every slip closed with its four steps")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .untilAsserted(() -> {
                for (String id : ids) {
                    var response = Harness.send(aggregator.url() + "/api/v1/initiatives/" + id + "/status", supervisor,
                            "GET", "");
                    JsonNode status = json.readTree(response.body());
                    assertThat(status.get("slips")).as(id).hasSize(slips);
                    for (JsonNode slip : status.get("slips")) {
                        assertThat(slip.get("state").asString()).as(id + " " + slip.get("id")).isEqualTo("closed");
                        assertThat(slip.get("steps")).as(id + " " + slip.get("id") + ": none lost, none doubled")
                            .hasSize(4);
                        assertThat(slip.path("refused")).as("none refused").isEmpty();
                    }
                }
            });
        System.out
            .println("11. SIGKILL the aggregator mid-stream of " + steps.size() + " slip steps: ready again after "
                    + recovery.toMillis() + " ms; every slip closed with exactly its 4 steps");
    }

    private static void send(RawProducer raw, String topic, String key, byte[] value, String reason,
            Map<String, String> expected) throws Exception {
        raw.send(topic, key, value);
        expected.put(Base64.getEncoder().encodeToString(value), reason);
    }

    private static ProgressEvent event(String eventId, String initiative, double percent) {
        return ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiative)
            .setOccurredAt(Instant.now().minus(Duration.ofDays(1)))
            .setReceivedAt(Instant.now())
            .setReportedBy("poison")
            .setDepartment(Harness.DEPARTMENT)
            .setPercentComplete(percent)
            .setSource(EventSource.CLIENT)
            .build();
    }

    /**
     * Probes the aggregator's readiness every 200 ms, counting every answer other than
     * 200.
     */
    private static ScheduledExecutorService watchReadiness(AtomicLong notReady) {
        var watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleAtFixedRate(() -> {
            try {
                if (!aggregator.ready()) {
                    notReady.incrementAndGet();
                }
            }
            catch (Exception e) {
                notReady.incrementAndGet();
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        return watch;
    }

}
