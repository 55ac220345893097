package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.avro.AlertKind;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeAlert;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.ProgressEvent;

/**
 * Rules that move with the wall clock (the punctuator), corrections, alerts, and parents'
 * rollups, through the topology as built for production.
 */
class TimeAndTreeTopologyTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** Plan start: 2026-01-01 in Shanghai. */
    static final Instant START = LocalDate.of(2026, 1, 1).atStartOfDay(SHANGHAI).toInstant();
    static final Instant NOW = START.plus(Duration.ofDays(40));

    final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);

    final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    final InitiativeView view = new InitiativeView();

    TopologyTestDriver driver;

    TestInputTopic<byte[], byte[]> catalog;

    TestInputTopic<byte[], byte[]> ecology;

    TestOutputTopic<String, InitiativeAlert> alerts;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, view, new Evaluator(AggregatorProperties.Rules.defaults()),
                Duration.ofMinutes(1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "time-tests");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        ByteArraySerializer bytes = new ByteArraySerializer();
        catalog = driver.createInputTopic("initiatives", bytes, bytes);
        ecology = driver.createInputTopic("progress.ecology", bytes, bytes);
        driver.createInputTopic("initiative-rollups", bytes, bytes); // so the pattern
                                                                     // knows the loop
                                                                     // topic
        alerts = driver.createOutputTopic("initiative-alerts", new StringDeserializer(),
                new AvroSerde<>(InitiativeAlert.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /**
     * 100 days from START; reports every 10 days; stalls after 20 days without progress.
     */
    static Initiative initiative(String id) {
        return Initiative.newBuilder()
            .setId(id)
            .setName("推进碧水三年作战计划")
            .setProgram("ecology")
            .setDepartment("ecology-env")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 4, 10))
            .setReportingCadenceDays(10)
            .setStallAfterDays(20)
            .setUpdatedAt(START)
            .setUpdatedBy("t")
            .build();
    }

    void define(Initiative initiative) {
        catalog.pipeInput(initiative.getId().getBytes(StandardCharsets.UTF_8), initiatives.encode(initiative));
    }

    void report(String id, String eventId, Instant at, double percent, String supersedes) {
        ProgressEvent event = ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(id)
            .setOccurredAt(at)
            .setReceivedAt(at)
            .setReportedBy("r")
            .setDepartment("ecology-env")
            .setPercentComplete(percent)
            .setSource(EventSource.HTTP)
            .setSupersedes(supersedes)
            .build();
        ecology.pipeInput(id.getBytes(StandardCharsets.UTF_8), events.encode(event));
    }

    Verdict verdict(String id) {
        return view.get(id).orElseThrow().verdict();
    }

    List<AlertKind> alertKinds() {
        return alerts.readValuesToList().stream().map(InitiativeAlert::getKind).toList();
    }

    @Test
    void anEvaluationPassKeepsWhatItDidNotChange() {
        define(initiative("water"));
        report("water", "e1", NOW, 40, null);
        // Not started until day 140: nothing about it moves with the clock yet.
        define(Initiative.newBuilder(initiative("later"))
            .setStartDate(LocalDate.of(2026, 5, 20))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .build());
        InitiativeSnapshot water = view.get("water").orElseThrow();
        InitiativeSnapshot later = view.get("later").orElseThrow();
        List<InitiativeSnapshot> seenWhenEvaluated = new ArrayList<>();
        view.onEvaluated(() -> seenWhenEvaluated.add(view.get("water").orElseThrow()));

        driver.advanceWallClockTime(Duration.ofDays(1)); // the punctuator's pass, a day
                                                         // on

        assertThat(seenWhenEvaluated).as("the view hears of the pass once it is over (the scrape renders ahead then)")
            .containsExactly(view.get("water").orElseThrow());
        assertThat(view.get("later").orElseThrow()).as("same verdict: the snapshot (and its kept rendering) stays")
            .isSameAs(later);
        InitiativeSnapshot rejudged = view.get("water").orElseThrow();
        assertThat(rejudged.verdict().expected()).as("the plan expects more a day on")
            .isGreaterThan(water.verdict().expected());
        assertThat(rejudged.state())
            .as("same state: its object is kept, so only the verdict's families are rendered again")
            .isSameAs(water.state());
    }

    @Test
    void goesStalledOnTheWallClockWithNoEventArriving() {
        define(initiative("water"));
        report("water", "e1", NOW, 40, null); // on track at day 40
        assertThat(verdict("water").stalled()).isFalse();
        alerts.readValuesToList();

        driver.advanceWallClockTime(Duration.ofDays(20).minusMinutes(2));
        assertThat(verdict("water").stalled()).as("just before stallAfterDays").isFalse();
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(verdict("water").stalled()).as("at stallAfterDays, re-judged by the punctuator").isTrue();
        assertThat(alertKinds()).contains(AlertKind.STALLED);

        report("water", "e2", NOW.plus(Duration.ofDays(20)), 70, null);
        assertThat(verdict("water").stalled()).isFalse();
        assertThat(alertKinds()).contains(AlertKind.UNSTALLED);
    }

    @Test
    void goesSilentAfterOneAndAHalfCadencesAndIsHeardFromAgain() {
        define(initiative("soil"));
        report("soil", "e1", NOW, 40, null);
        alerts.readValuesToList();
        driver.advanceWallClockTime(Duration.ofDays(15).minusMinutes(2));
        assertThat(verdict("soil").silent()).isFalse();
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(verdict("soil").silent()).isTrue();
        // 40 % while the plan now expects 55 %: it also slipped to at risk.
        assertThat(alertKinds()).containsExactlyInAnyOrder(AlertKind.SILENT, AlertKind.HEALTH_CHANGED);
        report("soil", "e2", NOW.plus(Duration.ofDays(15)), 55, null);
        assertThat(verdict("soil").silent()).isFalse();
        assertThat(alertKinds()).containsExactlyInAnyOrder(AlertKind.HEARD_FROM, AlertKind.HEALTH_CHANGED);
    }

    @Test
    void healthChangesAreAnnouncedWithTheInitiativesName() {
        define(initiative("air"));
        // Entered into the catalog at day 40 with no report: it is off track, stalled and
        // silent at once.
        assertThat(alertKinds()).containsExactlyInAnyOrder(AlertKind.HEALTH_CHANGED, AlertKind.STALLED,
                AlertKind.SILENT);
        report("air", "e1", NOW, 40, null);
        assertThat(alertKinds()).containsExactlyInAnyOrder(AlertKind.HEALTH_CHANGED, AlertKind.UNSTALLED,
                AlertKind.HEARD_FROM);
        report("air", "e2", NOW.plusSeconds(60), 30, null); // expected 0.4: 25 % short
        InitiativeAlert alert = alerts.readValue();
        assertThat(alert.getKind()).isEqualTo(AlertKind.HEALTH_CHANGED);
        assertThat(alert.getFrom()).isEqualTo("on_track");
        assertThat(alert.getTo()).isEqualTo("at_risk");
        assertThat(alert.getName()).isEqualTo("推进碧水三年作战计划");
        assertThat(alert.getDepartment()).isEqualTo("ecology-env");
    }

    @Test
    void aCorrectionReplacesTheReportItSupersedes() {
        define(initiative("diesel"));
        report("diesel", "e1", NOW, 60, null);
        assertThat(verdict("diesel").progress()).isEqualTo(0.60);
        report("diesel", "e2", NOW.minusSeconds(3600), 38, "e1"); // "the 60 % was a typo"
        assertThat(verdict("diesel").progress()).isEqualTo(0.38);
        assertThat(view.get("diesel").orElseThrow().state().getEventsCounted()).isEqualTo(2);
    }

    @Test
    void aCorrectionArrivingBeforeWhatItCorrectsStillWins() {
        define(initiative("diesel"));
        report("diesel", "e2", NOW, 38, "e1");
        report("diesel", "e1", NOW.plusSeconds(60), 60, null);
        assertThat(verdict("diesel").progress()).isEqualTo(0.38);
    }

    @Test
    void aParentIsTheWeightedMeanOfItsChildrenAndFollowsEveryMove() {
        Initiative parent = Initiative.newBuilder(initiative("five-plans")).build();
        define(parent);
        define(Initiative.newBuilder(initiative("blue-sky")).setParentId("five-plans").setWeight(1.0).build());
        define(Initiative.newBuilder(initiative("clear-water")).setParentId("five-plans").setWeight(3.0).build());
        assertThat(verdict("five-plans").progress()).isZero();

        report("blue-sky", "b1", NOW, 100, null);
        assertThat(verdict("five-plans").progress()).isEqualTo(0.25);
        report("clear-water", "c1", NOW, 20, null);
        assertThat(verdict("five-plans").progress()).isCloseTo(0.40, Offset.offset(1e-12));

        // The child leaves the tree: the parent no longer counts it.
        define(Initiative.newBuilder(initiative("clear-water")).build());
        assertThat(verdict("five-plans").progress()).isEqualTo(1.0);
        assertThat(verdict("five-plans").health()).isEqualTo(Health.COMPLETED);
    }

    @Test
    void reBaseliningTheDueDateRecomputesHealth() {
        define(initiative("sewers"));
        report("sewers", "e1", NOW, 20, null); // expected 0.4: off track
        assertThat(verdict("sewers").health()).isEqualTo(Health.OFF_TRACK);
        define(Initiative.newBuilder(initiative("sewers")).setDueDate(LocalDate.of(2026, 7, 19)).build()); // 200
                                                                                                           // days
        assertThat(verdict("sewers").health()).isEqualTo(Health.ON_TRACK);
        assertThat(view.get("sewers").orElseThrow().state().getEventsCounted()).isEqualTo(1);
    }

    @Test
    void aChildDefinedBeforeItsParentIsAdoptedWhenTheParentArrives() {
        define(Initiative.newBuilder(initiative("blue-sky")).setParentId("five-plans").build());
        report("blue-sky", "b1", NOW, 40, null);
        define(initiative("five-plans"));
        define(Initiative.newBuilder(initiative("clear-water")).setParentId("five-plans").build());
        report("clear-water", "c1", NOW, 80, null);
        assertThat(verdict("five-plans").progress()).isCloseTo(0.60, Offset.offset(1e-12));
    }

    @Test
    void aReBaselineRecomputesFromAllReportsWhateverTheirArrivalOrder() {
        Initiative v1 = Initiative.newBuilder(initiative("villas"))
            .setMeasure(Measure.KPI)
            .setKpis(List.of(new Kpi("v", "洋楼", "栋", 0.0, 100.0, KpiDirection.INCREASE)))
            .build();
        Initiative v2 = Initiative.newBuilder(v1)
            .setKpis(List.of(new Kpi("v", "洋楼", "栋", 0.0, 40.0, KpiDirection.INCREASE)))
            .build();
        define(v1);
        kpi("villas", "e1", NOW.minus(Duration.ofDays(20)), 10);
        kpi("villas", "e2", NOW.minus(Duration.ofDays(10)), 20);
        kpi("villas", "e3", NOW, 30);
        define(v2);
        var inOrder = view.get("villas").orElseThrow().state();

        define(Initiative.newBuilder(v1).setId("villas-b").build());
        kpi("villas-b", "e1", NOW.minus(Duration.ofDays(20)), 10);
        kpi("villas-b", "e3", NOW, 30);
        define(Initiative.newBuilder(v2).setId("villas-b").build());
        kpi("villas-b", "e2", NOW.minus(Duration.ofDays(10)), 20);
        var shuffled = view.get("villas-b").orElseThrow().state();

        assertThat(shuffled.getSamples()).isEqualTo(inOrder.getSamples());
        assertThat(shuffled.getLastProgressAt()).isEqualTo(inOrder.getLastProgressAt());
        assertThat(verdict("villas-b").forecastCompletion()).isEqualTo(verdict("villas").forecastCompletion());
        assertThat(verdict("villas").progress()).isEqualTo(0.75);
    }

    void kpi(String id, String eventId, Instant at, double value) {
        ProgressEvent event = ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(id)
            .setOccurredAt(at)
            .setReceivedAt(at)
            .setReportedBy("r")
            .setDepartment("ecology-env")
            .setKpis(Map.of("v", value))
            .setSource(EventSource.HTTP)
            .build();
        ecology.pipeInput(id.getBytes(StandardCharsets.UTF_8), events.encode(event));
    }

}
