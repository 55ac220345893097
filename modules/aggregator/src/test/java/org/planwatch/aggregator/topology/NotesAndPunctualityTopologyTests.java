package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressEvent;

/**
 * The department's latest note and its punctuality (reports received within the reporting
 * cadence of the previous one), which the supervision bulletin shows, through the
 * topology as built for production.
 */
class NotesAndPunctualityTopologyTests {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    /** The catalog's default reporting cadence. */
    static final Duration CADENCE = Duration.ofDays(14);
    static final String ID = "relief-campaigns";

    final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);

    final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    final InitiativeView view = new InitiativeView();

    TopologyTestDriver driver;

    TestInputTopic<byte[], byte[]> catalog;

    TestInputTopic<byte[], byte[]> livelihood;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, view, new Evaluator(AggregatorProperties.Rules.defaults()),
                Duration.ofMinutes(1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "note-tests");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props, T0.plus(Duration.ofDays(90)));
        ByteArraySerializer bytes = new ByteArraySerializer();
        catalog = driver.createInputTopic("initiatives", bytes, bytes);
        livelihood = driver.createInputTopic("progress.livelihood", bytes, bytes);
        define(ProgressTopologyTests.initiative(ID, "livelihood"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theNoteOfTheLatestReportByOccurrenceWinsAndALateOlderNoteDoesNotReplaceIt() {
        report(report("newer", T0.plus(DAY)).setNote("已完成第二批走访"));
        report(report("older", T0).setNote("第一批走访进行中"));

        assertThat(state().getNote()).isEqualTo("已完成第二批走访");
        assertThat(state().getNoteAt()).isEqualTo(T0.plus(DAY));
        assertThat(state().getNoteEventId()).isEqualTo("newer");
    }

    @Test
    void aReportWithoutANoteOrWithABlankOneKeepsThePreviousNote() {
        report(report("noted", T0).setNote("资金已拨付"));
        report(report("silent", T0.plus(DAY)));
        report(report("blank", T0.plus(DAY.multipliedBy(2))).setNote("  "));

        assertThat(state().getNote()).isEqualTo("资金已拨付");
        assertThat(state().getNoteAt()).isEqualTo(T0);
        assertThat(state().getEventsCounted()).isEqualTo(3);
    }

    @Test
    void aCorrectedNoteGoesAwayWithTheReportItCorrects() {
        report(report("first", T0).setNote("资金已拨付"));
        report(report("second", T0.plus(DAY)).setNote("误报：项目已完工"));
        assertThat(state().getNote()).isEqualTo("误报：项目已完工");

        report(report("fix", T0.plus(DAY)).setSupersedes("second").setReceivedAt(T0.plus(DAY.multipliedBy(2))));

        assertThat(state().getNote()).as("the correction says nothing, so the earlier note is the latest")
            .isEqualTo("资金已拨付");
        assertThat(state().getNoteAt()).isEqualTo(T0);
    }

    @Test
    void notesAtTheSameInstantResolveByEventId() {
        report(report("b", T0).setNote("乙"));
        report(report("a", T0).setNote("甲"));
        assertThat(state().getNote()).isEqualTo("乙");
    }

    @Test
    void theFirstReportIsNotJudged() {
        report(report("first", T0));

        assertThat(state().getReportsJudged()).isZero();
        assertThat(state().getReportsOnCadence()).isZero();
    }

    @Test
    void aReportExactlyOneCadenceAfterThePreviousIsOnCadenceAndOneMillisecondMoreIsLate() {
        report(report("first", T0));
        report(report("on-time", T0.plus(CADENCE)));
        assertThat(state().getReportsJudged()).isEqualTo(1);
        assertThat(state().getReportsOnCadence()).isEqualTo(1);

        report(report("late", T0.plus(CADENCE.multipliedBy(2)).plusMillis(1)));
        assertThat(state().getReportsJudged()).isEqualTo(2);
        assertThat(state().getReportsOnCadence()).isEqualTo(1);
    }

    @Test
    void reportsAreJudgedInTheOrderTheyWereReceivedNotTheOrderTheyHappened() {
        report(report("first", T0));
        report(report("delayed", T0.plus(DAY)).setReceivedAt(T0.plus(DAY.multipliedBy(20))));
        assertThat(state().getReportsOnCadence()).as("20 days after the first").isZero();

        // Happened last, received between the two.
        report(report("prompt", T0.plus(DAY.multipliedBy(2))).setReceivedAt(T0.plus(DAY.multipliedBy(10))));

        assertThat(state().getReportsJudged()).isEqualTo(2);
        assertThat(state().getReportsOnCadence()).as("received 10 days after the first, 10 before the delayed one")
            .isEqualTo(2);
    }

    @Test
    void aCorrectionIsNotJudgedAndDoesNotMoveTheClock() {
        report(report("first", T0));
        report(report("fix", T0).setSupersedes("first").setReceivedAt(T0.plus(DAY.multipliedBy(10))));
        report(report("second", T0.plus(DAY.multipliedBy(20))));
        assertThat(state().getReportsJudged()).as("only the second report").isEqualTo(1);
        assertThat(state().getReportsOnCadence()).as("20 days after the first report, 10 after the fix").isZero();

        report(report("third", T0.plus(DAY.multipliedBy(30))));
        assertThat(state().getReportsJudged()).isEqualTo(2);
        assertThat(state().getReportsOnCadence()).isEqualTo(1);
        assertThat(state().getEventsCounted()).isEqualTo(4);
    }

    @Test
    void aCorrectedReportStillCountsForWhenItCame() {
        report(report("first", T0));
        report(report("second", T0.plus(DAY.multipliedBy(10))));
        report(report("fix", T0.plus(DAY.multipliedBy(10))).setSupersedes("second")
            .setReceivedAt(T0.plus(DAY.multipliedBy(12))));
        report(report("third", T0.plus(DAY.multipliedBy(24))));

        assertThat(state().getReportsJudged()).isEqualTo(2);
        assertThat(state().getReportsOnCadence()).as("14 days after the corrected second, not 24 after the first")
            .isEqualTo(2);
    }

    @Test
    void aNewCadenceInTheCatalogJudgesEveryReportAgain() {
        report(report("first", T0));
        report(report("second", T0.plus(DAY.multipliedBy(10))));
        assertThat(state().getReportsOnCadence()).isEqualTo(1);

        define(Initiative.newBuilder(ProgressTopologyTests.initiative(ID, "livelihood"))
            .setReportingCadenceDays(7)
            .build());

        assertThat(state().getReportsJudged()).isEqualTo(1);
        assertThat(state().getReportsOnCadence()).isZero();
    }

    @Test
    void aStateStoredBeforeThePunctualityCountsGetsThemAtItsNextReport() {
        // As an aggregator before InitiativeState v4 left it: two reports counted, no
        // counts.
        KeyValueStore<String, Initiative> entries = driver.getKeyValueStore(ProgressTopology.CATALOG_STORE);
        KeyValueStore<String, byte[]> counted = driver.getKeyValueStore(ProgressTopology.EVENT_KEYED_COUNTED_STORE);
        KeyValueStore<String, InitiativeState> states = driver.getKeyValueStore(ProgressTopology.STATE_STORE);
        entries.put("legacy", ProgressTopologyTests.initiative("legacy", "livelihood"));
        for (ProgressEvent event : List.of(report("first", T0).setInitiativeId("legacy").build(),
                report("second", T0.plus(DAY.multipliedBy(10))).setInitiativeId("legacy").build())) {
            counted.put("legacy" + ProgressProcessor.SEPARATOR + event.getEventId(), events.encode(event));
        }
        states.put("legacy",
                InitiativeState.newBuilder()
                    .setEventsCounted(2)
                    .setPercentComplete(10.0)
                    .setLastReportAt(T0.plus(DAY.multipliedBy(10)))
                    .setLastReceivedAt(T0.plus(DAY.multipliedBy(10)))
                    .build());

        report(report("third", T0.plus(DAY.multipliedBy(20))).setInitiativeId("legacy"));

        InitiativeState legacy = view.get("legacy").orElseThrow().state();
        assertThat(legacy.getReportsJudged()).as("the second and third, judged from the history").isEqualTo(2);
        assertThat(legacy.getReportsOnCadence()).isEqualTo(2);
        assertThat(legacy.getEventsCounted()).isEqualTo(3);
    }

    InitiativeState state() {
        return view.get(ID).orElseThrow().state();
    }

    void define(Initiative initiative) {
        catalog.pipeInput(initiative.getId().getBytes(StandardCharsets.UTF_8), initiatives.encode(initiative));
    }

    /** A report that happened at {@code at} and was received then. */
    static ProgressEvent.Builder report(String eventId, Instant at) {
        return ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(ID)
            .setOccurredAt(at)
            .setReceivedAt(at)
            .setReportedBy("tester")
            .setDepartment("civil-affairs")
            .setPercentComplete(10.0)
            .setSource(EventSource.HTTP);
    }

    void report(ProgressEvent.Builder event) {
        livelihood.pipeInput(event.getInitiativeId().getBytes(StandardCharsets.UTF_8), events.encode(event.build()));
    }

}
