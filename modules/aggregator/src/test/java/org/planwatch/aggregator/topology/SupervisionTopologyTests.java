package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.LongStream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.AggregatorProperties.AutoIssue;
import org.planwatch.aggregator.AggregatorProperties.Supervision;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.SlipStep;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;

/**
 * Supervision slips (督办) through the topology as built for production: the fold and its
 * clock rules.
 */
class SupervisionTopologyTests {

    /** Tuesday 10 February 2026, midnight in Shanghai: day 40 of the test plan. */
    static final Instant NOW = TimeAndTreeTopologyTests.NOW;
    static final Duration DAY = Duration.ofDays(1);

    final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);

    final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    final AvroCodec<SupervisionEvent> steps = AvroCodec.of(SupervisionEvent.class);

    final InitiativeView view = new InitiativeView();

    TopologyTestDriver driver;

    TestInputTopic<byte[], byte[]> catalog;

    TestInputTopic<byte[], byte[]> ecology;

    TestInputTopic<byte[], byte[]> supervision;

    TestOutputTopic<String, SupervisionEvent> rulesSteps;

    TestOutputTopic<String, InitiativeStatus> status;

    TestOutputTopic<byte[], byte[]> dlt;

    void start(Supervision rules) {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, view, new Evaluator(AggregatorProperties.Rules.defaults()),
                Duration.ofMinutes(1), true, rules);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "supervision-tests");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        ByteArraySerializer bytes = new ByteArraySerializer();
        catalog = driver.createInputTopic("initiatives", bytes, bytes);
        ecology = driver.createInputTopic("progress.ecology", bytes, bytes);
        supervision = driver.createInputTopic("supervision", bytes, bytes);
        rulesSteps = driver.createOutputTopic("supervision", new StringDeserializer(),
                new AvroSerde<>(SupervisionEvent.class).deserializer());
        status = driver.createOutputTopic("initiative-status", new StringDeserializer(),
                new AvroSerde<>(InitiativeStatus.class).deserializer());
        dlt = driver.createOutputTopic("progress.dlt", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        catalog.pipeInput(bytes("water"), initiatives.encode(TimeAndTreeTopologyTests.initiative("water")));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void theWholeLoopFoldsEveryStepInOrderAndTheStatusCarriesIt() {
        start(Supervision.defaults());
        step(issue("s1", "e1", NOW));
        step(kind("s1", "e2", SupervisionKind.SIGNED, NOW.plusSeconds(60)).build());
        step(answer("s1", "e3", NOW.plusSeconds(120)));
        step(kind("s1", "e4", SupervisionKind.RETURNED, NOW.plusSeconds(180)).setText("原因不清").build());
        step(answer("s1", "e5", NOW.plusSeconds(240)));
        step(kind("s1", "e6", SupervisionKind.CLOSED, NOW.plusSeconds(300)).setActor("supervisor").build());

        Slip slip = slip("s1");
        assertThat(slip.getState()).isEqualTo(SlipState.CLOSED);
        assertThat(slip.getSteps()).extracting(SlipStep::getKind)
            .containsExactly(SupervisionKind.ISSUED, SupervisionKind.SIGNED, SupervisionKind.ANSWERED,
                    SupervisionKind.RETURNED, SupervisionKind.ANSWERED, SupervisionKind.CLOSED);
        assertThat(slip.getDepartment()).as("the owning department, from the catalog").isEqualTo("ecology-env");
        assertThat(slip.getSignedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(slip.getPromisedDate()).isEqualTo(LocalDate.of(2026, 2, 20));
        assertThat(slip.getClosedAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(slip.getRefused()).isEmpty();
        assertThat(dlt.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        InitiativeStatus published = lastStatus();
        assertThat(published.getSlips()).hasSize(1);
        assertThat(published.getSlips().get(0).getState()).isEqualTo(SlipState.CLOSED);
        assertThat(published.getSlips().get(0).getSteps()).hasSize(6);
    }

    @Test
    void aStepItsSlipDoesNotAllowIsKeptAsRefusedNamingTheState() {
        start(Supervision.defaults());
        step(issue("s1", "e1", NOW));
        step(answer("s1", "e2", NOW.plusSeconds(10)));
        step(kind("s1", "e3", SupervisionKind.CLOSED, NOW.plusSeconds(20)).build());
        step(kind("s1", "e4", SupervisionKind.SIGNED, NOW.plusSeconds(30)).build());
        step(kind("s1", "e5", SupervisionKind.SIGNED, NOW.plusSeconds(40)).build());
        step(kind("s1", "e6", SupervisionKind.ESCALATED, NOW.plusSeconds(50)).setColour(SlipColour.BLUE).build());

        Slip slip = slip("s1");
        assertThat(slip.getState()).isEqualTo(SlipState.SIGNED);
        assertThat(slip.getRefused()).extracting(r -> r.getEventId() + " " + r.getReason())
            .containsExactly("e2 slip s1 is issued: it cannot be answered now",
                    "e3 slip s1 is issued: it cannot be closed now", "e5 slip s1 is signed: it cannot be signed now",
                    "e6 slip s1 is signed and blue: escalation needs a stronger colour");
    }

    @Test
    void theSameStepSentTwiceIsTakenOnce() {
        start(Supervision.defaults());
        SupervisionEvent sign = kind("s1", "e2", SupervisionKind.SIGNED, NOW.plusSeconds(60)).build();
        step(issue("s1", "e1", NOW));
        step(sign);
        step(sign);
        assertThat(slip("s1").getSteps()).hasSize(2);
        assertThat(slip("s1").getRefused()).isEmpty();
    }

    static LongStream seeds() {
        return Seeds.of(SupervisionTopologyTests.class, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shuffledAndDuplicatedHistoriesGiveTheSameSlip(long seed) {
        List<SupervisionEvent> history = List
            .of(issue("s1", "e1", NOW), kind("s1", "e2", SupervisionKind.SIGNED, NOW.plusSeconds(60)).build(),
                    answer("s1", "e3", NOW.plusSeconds(120)),
                    kind("s1", "e4", SupervisionKind.RETURNED, NOW.plusSeconds(180)).setText("再核实").build(),
                    kind("s1", "e5", SupervisionKind.ESCALATED, NOW.plusSeconds(200)).setColour(SlipColour.YELLOW)
                        .build(),
                    answer("s1", "e6", NOW.plusSeconds(240)),
                    kind("s1", "e7", SupervisionKind.SIGNED, NOW.plusSeconds(250)).build(),
                    kind("s1", "e8", SupervisionKind.CLOSED, NOW.plusSeconds(300)).build());
        start(Supervision.defaults());
        history.forEach(this::step);
        Slip inOrder = slip("s1");
        stop();

        Random random = new Random(seed);
        List<SupervisionEvent> shuffled = new ArrayList<>(history);
        for (int i = 0; i < 3; i++) {
            shuffled.add(history.get(random.nextInt(history.size())));
        }
        Collections.shuffle(shuffled, random);
        start(Supervision.defaults());
        shuffled.forEach(this::step);

        assertThat(slip("s1")).as("seed %d: %s", seed, shuffled.stream().map(SupervisionEvent::getEventId).toList())
            .isEqualTo(inOrder);
        assertThat(inOrder.getState()).isEqualTo(SlipState.CLOSED);
        assertThat(inOrder.getColour()).isEqualTo(SlipColour.YELLOW);
        assertThat(inOrder.getRefused()).extracting(r -> r.getEventId()).containsExactly("e7");
    }

    @Test
    void anUnansweredSlipRisesOneColourAfterThreeWorkingDaysInIt() {
        start(Supervision.defaults());
        // Issued on Tuesday at 09:00: three working days later is Friday 09:00.
        Instant issued = NOW.plus(Duration.ofHours(9));
        driver.advanceWallClockTime(Duration.ofHours(9));
        step(issue("s1", "e1", issued));
        driver.advanceWallClockTime(Duration.ofDays(3).minusMinutes(2));
        assertThat(slip("s1").getColour()).as("Friday 08:58").isEqualTo(SlipColour.BLUE);
        assertThat(rulesSteps.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        Slip yellow = slip("s1");
        assertThat(yellow.getColour()).as("Friday 09:00").isEqualTo(SlipColour.YELLOW);
        SupervisionEvent written = rulesSteps.readValue();
        assertThat(written.getKind()).isEqualTo(SupervisionKind.ESCALATED);
        assertThat(written.getByRule()).isTrue();
        assertThat(written.getColour()).isEqualTo(SlipColour.YELLOW);
        assertThat(written.getActor()).isEqualTo(SlipClock.ESCALATION);

        // From Friday 09:00, three working days is Wednesday 09:00, not Monday.
        driver.advanceWallClockTime(Duration.ofDays(5).minusMinutes(1));
        assertThat(slip("s1").getColour()).as("Wednesday 08:59").isEqualTo(SlipColour.YELLOW);
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(slip("s1").getColour()).as("Wednesday 09:00").isEqualTo(SlipColour.RED);
        driver.advanceWallClockTime(Duration.ofDays(10));
        assertThat(slip("s1").getColour()).as("red is the last colour").isEqualTo(SlipColour.RED);
        assertThat(rulesSteps.readValuesToList()).extracting(SupervisionEvent::getColour)
            .containsExactly(SlipColour.RED);
        assertThat(slip("s1").getSteps()).as("each rule step once, though read back").hasSize(3);
    }

    @Test
    void anAnsweredSlipDoesNotEscalate() {
        start(Supervision.defaults());
        step(issue("s1", "e1", NOW));
        step(kind("s1", "e2", SupervisionKind.SIGNED, NOW).build());
        step(answer("s1", "e3", NOW));
        driver.advanceWallClockTime(Duration.ofDays(9));
        assertThat(slip("s1").getColour()).isEqualTo(SlipColour.BLUE);
        assertThat(slip("s1").getState()).isEqualTo(SlipState.ANSWERED);
    }

    @Test
    void aPromisedDateThatPassesWithoutProgressReopensTheSlip() {
        start(Supervision.defaults());
        step(issue("s1", "e1", NOW));
        step(kind("s1", "e2", SupervisionKind.SIGNED, NOW).build());
        step(answer("s1", "e3", NOW)); // promised 2026-02-20: it ends at midnight 21
                                       // February
        Instant promiseEnds = LocalDate.of(2026, 2, 21).atStartOfDay(TimeAndTreeTopologyTests.SHANGHAI).toInstant();
        driver.advanceWallClockTime(Duration.between(NOW, promiseEnds).minusMinutes(1));
        assertThat(slip("s1").getState()).isEqualTo(SlipState.ANSWERED);

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(slip("s1").getState()).isEqualTo(SlipState.RETURNED);
        SupervisionEvent reopened = rulesSteps.readValuesToList()
            .stream()
            .filter(e -> e.getKind() == SupervisionKind.RETURNED)
            .findFirst()
            .orElseThrow();
        assertThat(reopened.getActor()).isEqualTo(SlipClock.PROMISE);
        assertThat(reopened.getText()).contains("2026-02-20");
    }

    @Test
    void progressAfterTheAnswerKeepsTheSlipAnsweredPastThePromise() {
        start(Supervision.defaults());
        step(issue("s1", "e1", NOW));
        step(kind("s1", "e2", SupervisionKind.SIGNED, NOW).build());
        step(answer("s1", "e3", NOW));
        report("r1", NOW.plus(DAY), 50);
        driver.advanceWallClockTime(Duration.ofDays(12));
        assertThat(slip("s1").getState()).isEqualTo(SlipState.ANSWERED);
    }

    @Test
    void aRuleIssuesOneSlipPerConditionWhileOneIsOpen() {
        Supervision rules = new Supervision(3, List.of(), 1, 5,
                List.of(new AutoIssue("silent-blue", StatusCondition.SILENT, SlipColour.BLUE, 0, 0),
                        new AutoIssue("overdue-red", StatusCondition.OVERDUE, SlipColour.RED, 0, 0)));
        start(rules);
        // Silent since 16 January (1.5 cadences of 10 days without a report): the first
        // pass issues.
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        List<Slip> slips = view.slipsOf("water");
        assertThat(slips).hasSize(1);
        Slip issued = slips.get(0);
        assertThat(issued.getCondition()).isEqualTo("SILENT");
        assertThat(issued.getColour()).isEqualTo(SlipColour.BLUE);
        assertThat(issued.getIssuedBy()).isEqualTo("rule:silent-blue");
        assertThat(issued.getSignBy()).as("one working day on").isEqualTo(NOW.plus(Duration.ofMinutes(1)).plus(DAY));
        assertThat(issued.getAnswerBy()).as("five working days on, over a weekend")
            .isEqualTo(NOW.plus(Duration.ofMinutes(1)).plus(Duration.ofDays(7)));

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(view.slipsOf("water")).as("no second slip while one is open").hasSize(1);
        assertThat(rulesSteps.readValuesToList()).extracting(SupervisionEvent::getKind)
            .containsExactly(SupervisionKind.ISSUED);

        step(kind(issued.getId(), "w1", SupervisionKind.WITHDRAWN, NOW.plus(Duration.ofMinutes(3))).build());
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(view.slipsOf("water")).as("the same episode of silence gets no new slip").hasSize(1);

        // Past the due date (10 April), overdue adds a red slip of its own.
        Instant dueEnd = LocalDate.of(2026, 4, 11).atStartOfDay(TimeAndTreeTopologyTests.SHANGHAI).toInstant();
        driver.advanceWallClockTime(Duration.between(NOW.plus(Duration.ofMinutes(4)), dueEnd));
        assertThat(view.slipsOf("water")).extracting(Slip::getCondition).contains("SILENT", "OVERDUE");
        assertThat(view.slipsOf("water")
            .stream()
            .filter(s -> "OVERDUE".equals(s.getCondition()))
            .findFirst()
            .orElseThrow()
            .getColour()).isEqualTo(SlipColour.RED);
    }

    @Test
    void aStepForAnInitiativeNotInTheCatalogIsDeadLettered() {
        start(Supervision.defaults());
        SupervisionEvent stray = SupervisionEvent.newBuilder(issue("s1", "e1", NOW)).setInitiativeId("nowhere").build();
        supervision.pipeInput(bytes("nowhere"), steps.encode(stray));
        TestRecord<byte[], byte[]> letter = dlt.readRecord();
        assertThat(ProgressTopologyTests.header(letter, "dlt.reason")).isEqualTo("unknown_initiative");
        assertThat(ProgressTopologyTests.header(letter, "dlt.topic")).isEqualTo("supervision");
    }

    private void step(SupervisionEvent event) {
        supervision.pipeInput(bytes(event.getInitiativeId()), steps.encode(event));
    }

    private void report(String eventId, Instant at, double percent) {
        ProgressEvent event = ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId("water")
            .setOccurredAt(at)
            .setReceivedAt(at)
            .setReportedBy("r")
            .setDepartment("ecology-env")
            .setPercentComplete(percent)
            .setSource(EventSource.HTTP)
            .build();
        ecology.pipeInput(bytes("water"), events.encode(event));
    }

    private Slip slip(String id) {
        return view.slipsOf("water").stream().filter(s -> s.getId().equals(id)).findFirst().orElseThrow();
    }

    private InitiativeStatus lastStatus() {
        List<InitiativeStatus> all = status.readValuesToList();
        return all.get(all.size() - 1);
    }

    static SupervisionEvent issue(String slipId, String eventId, Instant at) {
        return kind(slipId, eventId, SupervisionKind.ISSUED, at).setColour(SlipColour.BLUE)
            .setActor("supervisor")
            .setCondition("OFF_TRACK")
            .setReason("进度滞后")
            .setRequirement("说明原因")
            .setSignBy(at.plus(DAY))
            .setAnswerBy(at.plus(Duration.ofDays(7)))
            .build();
    }

    static SupervisionEvent answer(String slipId, String eventId, Instant at) {
        return kind(slipId, eventId, SupervisionKind.ANSWERED, at).setCause("拆迁未完成")
            .setRemedy("加派人手")
            .setPromisedDate(LocalDate.of(2026, 2, 20))
            .build();
    }

    static SupervisionEvent.Builder kind(String slipId, String eventId, SupervisionKind kind, Instant at) {
        return SupervisionEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId("water")
            .setSlipId(slipId)
            .setKind(kind)
            .setOccurredAt(at)
            .setActor("ecology-env");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
