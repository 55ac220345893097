package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.SchemaHistory;
import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.StatusHealth;

/**
 * The {@code initiative-status} topic, through the topology as built for production; and
 * a plan's life as its initiatives' entries carry it (ADR 0012): closed, an initiative
 * keeps its final verdict; carried over, a new one starts from its baseline with a link
 * to the old; archived, it leaves the scrape and keeps its history.
 */
class StatusTopologyTests {

    static final Instant START = TimeAndTreeTopologyTests.START;

    /** Day 40 of a 100-day plan: expected is exactly 0.4. */
    static final Instant NOW = TimeAndTreeTopologyTests.NOW;
    static final Duration COMMIT = Duration.ofSeconds(1);

    final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);

    final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    final InitiativeView view = new InitiativeView();

    TopologyTestDriver driver;

    Instant clock = NOW;

    TestInputTopic<byte[], byte[]> catalog;

    TestInputTopic<byte[], byte[]> ecology;

    TestOutputTopic<String, InitiativeStatus> status;

    TestOutputTopic<byte[], byte[]> dlt;

    @BeforeEach
    void start() {
        start(true);
    }

    void start(boolean publishStatus) {
        start(publishStatus, CommitCadence.STREAMS);
    }

    void start(boolean publishStatus, CommitCadence cadence) {
        if (driver != null) {
            driver.close();
        }
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, view, new Evaluator(AggregatorProperties.Rules.defaults()),
                Duration.ofMinutes(1), publishStatus, AggregatorProperties.Supervision.defaults(), cadence);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-tests");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(COMMIT.toMillis()));
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        ByteArraySerializer bytes = new ByteArraySerializer();
        catalog = driver.createInputTopic("initiatives", bytes, bytes);
        ecology = driver.createInputTopic("progress.ecology", bytes, bytes);
        status = driver.createOutputTopic("initiative-status", new StringDeserializer(),
                new AvroSerde<>(InitiativeStatus.class).deserializer());
        dlt = driver.createOutputTopic("progress.dlt", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theFirstPublicationOfATaskCarriesEveryInitiativeOnce() {
        define(TimeAndTreeTopologyTests.initiative("water"));
        define(TimeAndTreeTopologyTests.initiative("air"));
        report("water", "e1", NOW, 40);
        assertThat(status.isEmpty()).as("nothing before the publication interval ends").isTrue();

        publish();

        List<TestRecord<String, InitiativeStatus>> out = status.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("water", "air");
        InitiativeStatus water = out.stream().filter(r -> r.key().equals("water")).findFirst().orElseThrow().value();
        assertThat(water.getName()).isEqualTo("推进碧水三年作战计划");
        assertThat(water.getDepartment()).isEqualTo("ecology-env");
        assertThat(water.getProgress()).isEqualTo(0.4);
        assertThat(water.getExpected()).isEqualTo(0.4);
        assertThat(water.getVariance()).isZero();
        assertThat(water.getHealth()).isEqualTo(StatusHealth.ON_TRACK);
        assertThat(water.getEventsCounted()).isEqualTo(1);
        assertThat(water.getLastReportAt()).isEqualTo(NOW);
        assertThat(water.getConditions()).isEmpty();
        assertThat(water.getPlan()).isNull();
    }

    @Test
    void aTaskCatchingUpPublishesOnceForTheLongerIntervalALiveOneAtEachPass() {
        start(true, new CommitCadence(COMMIT, COMMIT.multipliedBy(4), 3));
        define(TimeAndTreeTopologyTests.initiative("water"));
        publish();
        assertThat(status.readValuesToList()).as("the first publication").hasSize(1);
        // To the start of a slot of the longer interval (counted from the epoch).
        long slot = COMMIT.multipliedBy(4).toMillis();
        advance(Duration.ofMillis(slot - clock.toEpochMilli() % slot));

        report("water", "e1", NOW, 10);
        publish();
        assertThat(status.readValuesToList()).as("live: below the catch-up count, at the next pass")
            .extracting(InitiativeStatus::getEventsCounted)
            .containsExactly(1L);

        report("water", "e2", NOW.plusSeconds(1), 20);
        report("water", "e3", NOW.plusSeconds(2), 30);
        report("water", "e4", NOW.plusSeconds(3), 40);
        for (int pass = 2; pass < 4; pass++) {
            publish();
            assertThat(status.isEmpty()).as("catching up: pass %d of the longer slot waits", pass).isTrue();
        }
        publish();
        assertThat(status.readValuesToList()).as("one status for the three, once the longer slot ended")
            .extracting(InitiativeStatus::getEventsCounted)
            .containsExactly(4L);

        report("water", "e5", NOW.plusSeconds(4), 50);
        publish();
        assertThat(status.readValuesToList()).as("live again at the next pass")
            .extracting(InitiativeStatus::getEventsCounted)
            .containsExactly(5L);
    }

    @Test
    void aCatalogWrittenBeforePlansMigratesIntoOneWithoutLosingAReport() throws IOException {
        Schema v2 = SchemaHistory.get().releasesOf(Initiative.getClassSchema().getFullName()).get(1);
        assertThat(v2.getField("plan")).as("release 2 predates plans").isNull();
        Initiative water = TimeAndTreeTopologyTests.initiative("water");
        // Written as a publisher before plans wrote it: plan is the last field, so the
        // other fields keep their positions.
        ByteBuffer old = new BinaryMessageEncoder<Initiative>(SpecificData.getForClass(Initiative.class), v2)
            .encode(water);
        byte[] oldBytes = new byte[old.remaining()];
        old.get(oldBytes);
        catalog.pipeInput("water".getBytes(StandardCharsets.UTF_8), oldBytes);
        report("water", "e1", NOW.minus(Duration.ofDays(20)), 20);
        report("water", "e2", NOW.minus(Duration.ofDays(10)), 30);
        publish();
        assertThat(status.readValuesToList()).last().extracting(InitiativeStatus::getPlan).isNull();

        define(Initiative.newBuilder(water).setPlan("heping-2019").build());
        report("water", "e3", NOW, 40);
        publish();

        InitiativeStatus migrated = status.readValuesToList().get(0);
        assertThat(migrated.getPlan()).isEqualTo("heping-2019");
        assertThat(migrated.getEventsCounted()).as("every report before and after").isEqualTo(3);
        assertThat(migrated.getProgress()).isEqualTo(0.4);
        assertThat(migrated.getReportsJudged()).isEqualTo(2);
    }

    @Test
    void theStatusRecordCarriesTheLatestNoteAndThePunctualityCounts() {
        define(TimeAndTreeTopologyTests.initiative("water")); // a report every 10 days
        report("water", "e1", NOW.minus(Duration.ofDays(25)), 10);
        ecology.pipeInput("water".getBytes(StandardCharsets.UTF_8),
                events.encode(ProgressEvent.newBuilder()
                    .setEventId("e2")
                    .setInitiativeId("water")
                    .setOccurredAt(NOW.minus(Duration.ofDays(10)))
                    .setReceivedAt(NOW.minus(Duration.ofDays(10)))
                    .setReportedBy("r")
                    .setDepartment("ecology-env")
                    .setPercentComplete(20.0)
                    .setNote("河道清淤受汛期影响，顺延两周")
                    .setSource(EventSource.HTTP)
                    .build()));
        report("water", "e3", NOW, 40);

        publish();

        InitiativeStatus water = status.readValuesToList().get(0);
        assertThat(water.getNote()).as("the latest report that carried one").isEqualTo("河道清淤受汛期影响，顺延两周");
        assertThat(water.getNoteAt()).isEqualTo(NOW.minus(Duration.ofDays(10)));
        assertThat(water.getReportsJudged()).isEqualTo(2);
        assertThat(water.getReportsOnCadence()).as("e2 came 15 days after e1, e3 10 days after e2").isEqualTo(1);
    }

    @Test
    void changesWithinOnePublicationIntervalGoOutAsOneRecordWithTheLatest() {
        define(TimeAndTreeTopologyTests.initiative("water"));
        publish();
        status.readRecordsToList();

        report("water", "e1", NOW, 20, NOW.minusSeconds(3));
        report("water", "e2", NOW, 30, NOW.minusSeconds(2));
        report("water", "e3", NOW, 45, NOW.minusSeconds(1));
        publish();

        List<TestRecord<String, InitiativeStatus>> out = status.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().getEventsCounted()).isEqualTo(3);
        assertThat(out.get(0).value().getProgress()).isEqualTo(0.45);
        assertThat(out.get(0).value().getChangedAt()).as("the first report's receipt, not the last's")
            .isEqualTo(NOW.minusSeconds(3));
        assertThat(out.get(0).value().getJudgedAt()).isEqualTo(clock);
    }

    @Test
    void anEvaluationPassThatChangesNothingWritesNothing() {
        define(TimeAndTreeTopologyTests.initiative("water"));
        report("water", "e1", NOW, 40);
        publish();
        status.readRecordsToList();

        // A minute on, expected is 0.400007: the same figure once rounded, and no
        // condition moved.
        advance(Duration.ofMinutes(1));
        publish();

        assertThat(status.isEmpty()).isTrue();
    }

    @Test
    void theEvaluationPassPublishesWhatItChanges() {
        define(TimeAndTreeTopologyTests.initiative("water"));
        report("water", "e1", NOW, 40);
        publish();
        status.readRecordsToList();

        // Three hours on the plan expects 0.40125: the rounded figure moved.
        advance(Duration.ofHours(3));
        publish();
        assertThat(status.readValuesToList()).singleElement()
            .satisfies(s -> assertThat(s.getExpected()).isEqualTo(0.401));

        Instant silentAt = advance(Duration.ofDays(15).minusHours(3)); // no report for
                                                                       // 1.5 cadences
        publish();
        InitiativeStatus silent = status.readValuesToList().get(0);
        assertThat(silent.getSilent()).isTrue();
        assertThat(silent.getHealth()).as("0.4 against 0.55").isEqualTo(StatusHealth.AT_RISK);
        assertThat(silent.getConditions()).extracting(ConditionSince::getCondition)
            .containsExactly(StatusCondition.SILENT, StatusCondition.AT_RISK);

        Instant stalledAt = advance(Duration.ofDays(5)); // no progress for stallAfterDays
        publish();
        InitiativeStatus stalled = status.readValuesToList().get(0);
        assertThat(stalled.getConditions()).as("worst first, each with since when it holds")
            .containsExactly(
                    // Off track from the pass that found it; stalled and silent from
                    // their clocks, to the second.
                    new ConditionSince(StatusCondition.OFF_TRACK, stalledAt),
                    new ConditionSince(StatusCondition.STALLED, NOW.plus(Duration.ofDays(20))),
                    new ConditionSince(StatusCondition.SILENT, NOW.plus(Duration.ofDays(15))));
        assertThat(silentAt).as("the pass that found it silent came after it became so")
            .isAfter(NOW.plus(Duration.ofDays(15)));
    }

    @Test
    void anInitiativeLeavingTheCatalogGetsATombstoneAndNothingAfterIt() {
        define(TimeAndTreeTopologyTests.initiative("water"));
        publish();
        status.readRecordsToList();

        report("water", "e1", NOW, 40);
        catalog.pipeInput("water".getBytes(StandardCharsets.UTF_8), (byte[]) null);

        List<TestRecord<String, InitiativeStatus>> out = status.readRecordsToList();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("water");
            assertThat(r.value()).isNull();
        });
        publish();
        assertThat(status.isEmpty()).as("the report before the removal does not bring it back").isTrue();
    }

    @Test
    void switchedOffNothingIsPublished() {
        start(false);
        define(TimeAndTreeTopologyTests.initiative("water"));
        report("water", "e1", NOW, 40);
        publish();
        catalog.pipeInput("water".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        publish();

        assertThat(status.isEmpty()).isTrue();
        assertThat(view.get("water")).as("the rest of the fold is unchanged").isEmpty();
    }

    @Test
    void aClosedPlansInitiativeKeepsTheVerdictOfItsCloseAndRefusesLaterReports() {
        define(inPlan("water", "heping-2026"));
        define(inPlan("air", "heping-2026"));
        report("water", "w1", NOW, 40);
        report("air", "a1", NOW, 40);
        Instant closedAt = advance(Duration.ofSeconds(5));
        define(Initiative.newBuilder(inPlan("water", "heping-2026")).setClosedAt(closedAt).build());

        // Thirty days on: expected has risen to 0.7, and nothing was reported since day
        // 40.
        advance(Duration.ofDays(30));
        publish();

        List<InitiativeStatus> out = status.readValuesToList();
        InitiativeStatus water = latest(out, "water");
        InitiativeStatus air = latest(out, "air");
        assertThat(air.getHealth()).as("the open twin is judged now").isEqualTo(StatusHealth.OFF_TRACK);
        assertThat(air.getStalled()).isTrue();
        assertThat(water.getClosedAt()).isEqualTo(closedAt);
        assertThat(water.getHealth()).as("as of its close").isEqualTo(StatusHealth.ON_TRACK);
        assertThat(water.getExpected()).isEqualTo(0.4);
        assertThat(water.getStalled()).isFalse();
        assertThat(water.getOverdue()).isFalse();
        assertThat(water.getConditions()).isEmpty();

        report("water", "w2", clock, 90, clock);
        report("water", "w0", NOW.plusSeconds(1), 45, closedAt.minusSeconds(1));

        assertThat(dlt.readRecordsToList()).singleElement()
            .satisfies(
                    letter -> assertThat(ProgressTopologyTests.header(letter, "dlt.reason")).isEqualTo("plan_closed"));
        InitiativeSnapshot kept = view.get("water").orElseThrow();
        assertThat(kept.state().getEventsCounted()).as("the report received before the close still counts")
            .isEqualTo(2);
        assertThat(kept.progress()).isEqualTo(0.45);
    }

    @Test
    void aCarriedOverInitiativeStartsFromItsBaselineAndKeepsItsLineage() {
        define(Initiative.newBuilder(inPlan("water-2026", "heping-2026"))
            .setCarriedFrom("water")
            .setBaseline(0.4)
            .build());
        publish();

        InitiativeStatus carried = latest(status.readValuesToList(), "water-2026");
        assertThat(carried.getCarriedFrom()).isEqualTo("water");
        assertThat(carried.getEventsCounted()).isZero();
        assertThat(carried.getProgress()).as("where the old one stopped").isEqualTo(0.4);
        assertThat(carried.getExpected()).as("rising from the baseline: 0.4 + 0.6 × 40/100").isEqualTo(0.64);

        report("water-2026", "e1", NOW, 30);
        assertThat(view.get("water-2026").orElseThrow().progress()).as("never below the baseline").isEqualTo(0.4);
        report("water-2026", "e2", NOW.plusSeconds(60), 70);
        assertThat(view.get("water-2026").orElseThrow().progress()).as("reports measure the whole work").isEqualTo(0.7);
    }

    @Test
    void anArchivedPlansInitiativesLeaveTheScrapeAndKeepTheirHistory() {
        define(inPlan("water", "heping-2025"));
        define(inPlan("air", "heping-2026"));
        report("water", "w1", NOW, 40);
        report("air", "a1", NOW, 50);
        assertThat(view.scraped()).extracting(InitiativeSnapshot::id).containsExactlyInAnyOrder("water", "air");

        Instant archivedAt = advance(Duration.ofSeconds(5));
        define(Initiative.newBuilder(inPlan("water", "heping-2025"))
            .setClosedAt(archivedAt.minusSeconds(1))
            .setArchivedAt(archivedAt)
            .build());
        publish();

        assertThat(view.scraped()).extracting(InitiativeSnapshot::id).containsExactly("air");
        assertThat(view.get("water")).as("its state stays readable")
            .hasValueSatisfying(kept -> assertThat(kept.state().getEventsCounted()).isEqualTo(1));
        CountedHistory counted = (CountedHistory) driver.getStateStore(ProgressTopology.COUNTED_STORE);
        assertThat(counted.committed("water")).as("and its history").hasSize(1);
        assertThat(latest(status.readValuesToList(), "water").getArchivedAt()).isEqualTo(archivedAt);
    }

    static Initiative inPlan(String id, String plan) {
        return Initiative.newBuilder(TimeAndTreeTopologyTests.initiative(id)).setPlan(plan).build();
    }

    static InitiativeStatus latest(List<InitiativeStatus> all, String id) {
        return all.stream()
            .filter(s -> s.getInitiativeId().equals(id))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no status of " + id + " in " + all.size()));
    }

    /** Ends a publication interval (and so a commit interval). */
    void publish() {
        advance(COMMIT);
    }

    /**
     * @return the driver's wall clock after moving it on by {@code by}
     */
    Instant advance(Duration by) {
        driver.advanceWallClockTime(by);
        clock = clock.plus(by);
        return clock;
    }

    void define(Initiative initiative) {
        catalog.pipeInput(initiative.getId().getBytes(StandardCharsets.UTF_8), initiatives.encode(initiative));
    }

    void report(String id, String eventId, Instant at, double percent) {
        report(id, eventId, at, percent, at);
    }

    void report(String id, String eventId, Instant at, double percent, Instant receivedAt) {
        ProgressEvent event = ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(id)
            .setOccurredAt(at)
            .setReceivedAt(receivedAt)
            .setReportedBy("r")
            .setDepartment("ecology-env")
            .setPercentComplete(percent)
            .setSource(EventSource.HTTP)
            .build();
        // Written when it is sent, as live reports are: a task counting reports written
        // longer than a catch-up interval before reads a backlog (ADR 0016).
        ecology.pipeInput(id.getBytes(StandardCharsets.UTF_8), events.encode(event), clock);
    }

}
