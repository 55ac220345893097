package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.ProgressEvent;

class ProgressTopologyTests {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    /** The driver's wall clock at start. */
    static final Instant NOW = Instant.parse("2026-03-10T04:00:00Z");

    final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);

    final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    final InitiativeView view = new InitiativeView();

    TopologyTestDriver driver;

    TestInputTopic<byte[], byte[]> catalog;

    TestInputTopic<byte[], byte[]> livelihood;

    TestInputTopic<byte[], byte[]> economy;

    TestOutputTopic<byte[], byte[]> dlt;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, view, new Evaluator(AggregatorProperties.Rules.defaults()),
                Duration.ofMinutes(1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-tests");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        ByteArraySerializer bytes = new ByteArraySerializer();
        catalog = driver.createInputTopic("initiatives", bytes, bytes);
        livelihood = driver.createInputTopic("progress.livelihood", bytes, bytes);
        economy = driver.createInputTopic("progress.economy", bytes, bytes);
        dlt = driver.createOutputTopic("progress.dlt", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void catalogInitiativeHasStateAtZeroProgressBeforeAnyEvent() {
        define(initiative("relief-campaigns", "livelihood"));
        InitiativeSnapshot snapshot = view.get("relief-campaigns").orElseThrow();
        assertThat(snapshot.progress()).isZero();
        assertThat(snapshot.state().getEventsCounted()).isZero();
        assertThat(snapshot.state().getLastReportAt()).isNull();
    }

    @Test
    void countedEventSetsPercentLastReportAndCount() {
        define(initiative("relief-campaigns", "livelihood"));
        report(livelihood, event("e1", "relief-campaigns", T0, 40.0));
        InitiativeSnapshot snapshot = view.get("relief-campaigns").orElseThrow();
        assertThat(snapshot.progress()).isEqualTo(0.40);
        assertThat(snapshot.state().getEventsCounted()).isEqualTo(1);
        assertThat(snapshot.state().getLastReportAt()).isEqualTo(T0);
        assertThat(dlt.isEmpty()).isTrue();
    }

    @Test
    void aStateIsStoredWithoutItsCatalogEntryWhichHasAStoreOfItsOwn() {
        Initiative defined = initiative("relief-campaigns", "livelihood");
        define(defined);
        report(livelihood, event("e1", "relief-campaigns", T0, 40.0));
        KeyValueStore<String, InitiativeState> states = driver.getKeyValueStore(ProgressTopology.STATE_STORE);
        KeyValueStore<String, Initiative> entries = driver.getKeyValueStore(ProgressTopology.CATALOG_STORE);

        assertThat(states.get("relief-campaigns").getInitiative()).isNull();
        assertThat(states.get("relief-campaigns").getEventsCounted()).isEqualTo(1);
        assertThat(entries.get("relief-campaigns")).isEqualTo(defined);
        assertThat(view.get("relief-campaigns").orElseThrow().state().getInitiative()).isEqualTo(defined);

        Initiative renamed = initiative("relief-campaigns", "livelihood");
        renamed.setName("困难群众帮扶");
        define(renamed);
        assertThat(entries.get("relief-campaigns")).isEqualTo(renamed);
        assertThat(view.get("relief-campaigns").orElseThrow().state().getInitiative()).isEqualTo(renamed);
        assertThat(view.get("relief-campaigns").orElseThrow().state().getEventsCounted()).isEqualTo(1);
    }

    @Test
    void aStateWrittenWithItsCatalogEntryIsReadAndTheEntryMovedToItsStore() {
        // As version 1 of InitiativeState stored it (a store the processor has not read
        // yet).
        Initiative legacy = initiative("legacy-plan", "livelihood");
        KeyValueStore<String, InitiativeState> states = driver.getKeyValueStore(ProgressTopology.STATE_STORE);
        KeyValueStore<String, Initiative> entries = driver.getKeyValueStore(ProgressTopology.CATALOG_STORE);
        // Its bytes as version 1 wrote them, entry and all (the store's serde leaves it
        // out).
        @SuppressWarnings("unchecked")
        KeyValueStore<Bytes, byte[]> bytes = ((WrappedStateStore<KeyValueStore<Bytes, byte[]>, ?, ?>) states).wrapped();
        bytes.put(Bytes.wrap("legacy-plan".getBytes(StandardCharsets.UTF_8)),
                new AvroSerde<>(InitiativeState.class).serializer()
                    .serialize(ProgressTopology.STATE_STORE,
                            InitiativeState.newBuilder().setInitiative(legacy).setEventsCounted(3).build()));
        assertThat(entries.get("legacy-plan")).isNull();

        report(livelihood, event("e4", "legacy-plan", T0, 40.0));

        assertThat(dlt.isEmpty()).as("its events are counted, not dead-lettered").isTrue();
        assertThat(entries.get("legacy-plan")).isEqualTo(legacy);
        assertThat(states.get("legacy-plan").getInitiative()).as("written again without it").isNull();
        assertThat(states.get("legacy-plan").getEventsCounted()).isEqualTo(4);
        assertThat(view.get("legacy-plan").orElseThrow().state().getInitiative()).isEqualTo(legacy);
    }

    @Test
    void lateOlderEventIsCountedButDoesNotRollProgressBack() {
        define(initiative("relief-campaigns", "livelihood"));
        report(livelihood, event("new", "relief-campaigns", T0.plusSeconds(86_400), 60.0));
        report(livelihood, event("old", "relief-campaigns", T0, 30.0));
        InitiativeSnapshot snapshot = view.get("relief-campaigns").orElseThrow();
        assertThat(snapshot.progress()).isEqualTo(0.60);
        assertThat(snapshot.state().getEventsCounted()).isEqualTo(2);
        assertThat(snapshot.state().getLastReportAt()).isEqualTo(T0.plusSeconds(86_400));
    }

    @Test
    void eventsAtTheSameInstantResolveByEventIdWhateverTheArrivalOrder() {
        define(initiative("a-first", "livelihood"));
        define(initiative("b-first", "livelihood"));
        report(livelihood, event("x-1", "a-first", T0, 10.0));
        report(livelihood, event("x-2", "a-first", T0, 20.0));
        report(livelihood, event("x-2", "b-first", T0, 20.0));
        report(livelihood, event("x-1", "b-first", T0, 10.0));
        assertThat(view.get("a-first").orElseThrow().progress()).isEqualTo(view.get("b-first").orElseThrow().progress())
            .isEqualTo(0.20);
    }

    @Test
    void duplicateEventIdIsCountedOnce() {
        define(initiative("relief-campaigns", "livelihood"));
        ProgressEvent event = event("same", "relief-campaigns", T0, 40.0);
        report(livelihood, event);
        report(livelihood, event);
        report(livelihood, event("same", "relief-campaigns", T0.plusSeconds(60), 90.0));
        InitiativeSnapshot snapshot = view.get("relief-campaigns").orElseThrow();
        assertThat(snapshot.state().getEventsCounted()).isEqualTo(1);
        assertThat(snapshot.state().getDuplicates()).isEqualTo(2);
        assertThat(snapshot.progress()).as("a retry never changes what was counted").isEqualTo(0.40);
    }

    @Test
    void eventsCountedInTheStoreKeyedByEventMoveToTheChunksAndStayCountedOnce() {
        // As an aggregator before ADR 0019 left them: two events counted, one record
        // each.
        KeyValueStore<String, Initiative> entries = driver.getKeyValueStore(ProgressTopology.CATALOG_STORE);
        KeyValueStore<String, InitiativeState> states = driver.getKeyValueStore(ProgressTopology.STATE_STORE);
        KeyValueStore<String, byte[]> before = driver.getKeyValueStore(ProgressTopology.EVENT_KEYED_COUNTED_STORE);
        entries.put("moved", initiative("moved", "livelihood"));
        ProgressEvent first = event("old-1", "moved", T0, 10.0);
        ProgressEvent second = event("old-2", "moved", T0.plusSeconds(86_400), 20.0);
        for (ProgressEvent event : List.of(first, second)) {
            before.put("moved" + ProgressProcessor.SEPARATOR + event.getEventId(), events.encode(event));
        }
        before.put("other" + ProgressProcessor.SEPARATOR + "o-1", events.encode(event("o-1", "other", T0, 5.0)));
        states.put("moved",
                InitiativeState.newBuilder()
                    .setEventsCounted(2)
                    .setPercentComplete(20.0)
                    .setPercentAt(second.getOccurredAt())
                    .setPercentEventId(second.getEventId())
                    .setLastReportAt(second.getOccurredAt())
                    .setLastReceivedAt(second.getReceivedAt())
                    .build());

        report(livelihood, second);
        report(livelihood, event("new", "moved", T0.plusSeconds(2 * 86_400), 30.0));

        InitiativeState moved = view.get("moved").orElseThrow().state();
        assertThat(moved.getDuplicates()).as("a retry of an event counted before").isEqualTo(1);
        assertThat(moved.getEventsCounted()).isEqualTo(3);
        assertThat(moved.getPercentComplete()).isEqualTo(30.0);
        CountedHistory chunks = (CountedHistory) driver.getStateStore(ProgressTopology.COUNTED_STORE);
        assertThat(chunks.committed("moved")).extracting(value -> events.decode(value).getEventId())
            .containsExactly("old-1", "old-2", "new");
        assertThat(before.get("moved" + ProgressProcessor.SEPARATOR + "old-1")).as("moved out").isNull();
        assertThat(before.get("moved" + ProgressProcessor.SEPARATOR + "old-2")).isNull();
        assertThat(before.get("other" + ProgressProcessor.SEPARATOR + "o-1")).as("an initiative not met yet")
            .isNotNull();
    }

    @Test
    void sameEventIdOnAnotherInitiativeIsADifferentEvent() {
        define(initiative("one", "livelihood"));
        define(initiative("two", "livelihood"));
        report(livelihood, event("e1", "one", T0, 10.0));
        report(livelihood, event("e1", "two", T0, 10.0));
        assertThat(view.get("two").orElseThrow().state().getEventsCounted()).isEqualTo(1);
    }

    @Test
    void aDepartmentsTopicCountsOnlyWhatThatDepartmentOwnsOrSupports() {
        ByteArraySerializer bytes = new ByteArraySerializer();
        TestInputTopic<byte[], byte[]> civil = driver.createInputTopic("reports.civil-affairs", bytes, bytes);
        TestInputTopic<byte[], byte[]> finance = driver.createInputTopic("reports.finance", bytes, bytes);
        TestInputTopic<byte[], byte[]> commerce = driver.createInputTopic("reports.commerce", bytes, bytes);
        define(Initiative.newBuilder(initiative("relief", "livelihood"))
            .setSupportingDepartments(List.of("finance"))
            .build());

        report(civil, event("e1", "relief", T0, 10.0));
        report(finance, event("e2", "relief", T0.plusSeconds(60), 20.0));
        report(commerce, event("e3", "relief", T0.plusSeconds(120), 90.0));

        assertThat(view.get("relief").orElseThrow().state().getEventsCounted()).as("the owner's and the supporter's")
            .isEqualTo(2);
        TestRecord<byte[], byte[]> letter = dlt.readRecord();
        assertThat(header(letter, "dlt.reason")).isEqualTo("wrong_department");
        assertThat(header(letter, "dlt.topic")).isEqualTo("reports.commerce");
        assertThat(dlt.isEmpty()).isTrue();
        assertThat(view.deadLetterTotals())
            .containsEntry(new InitiativeView.DeadLetterKey("reports", "wrong_department"), 1L);
    }

    @Test
    void eventForAnInitiativeMissingFromTheCatalogIsDeadLetteredWithItsReason() {
        byte[] value = events.encode(event("e1", "ghost", T0, 10.0));
        livelihood.pipeInput(new TestRecord<>("ghost".getBytes(StandardCharsets.UTF_8), value));
        TestRecord<byte[], byte[]> letter = dlt.readRecord();
        assertThat(letter.value()).isEqualTo(value);
        assertThat(header(letter, "dlt.reason")).isEqualTo("unknown_initiative");
        assertThat(header(letter, "dlt.topic")).isEqualTo("progress.livelihood");
        assertThat(header(letter, "dlt.offset")).isEqualTo("0");
        assertThat(view.deadLetterTotals())
            .containsEntry(new InitiativeView.DeadLetterKey("livelihood", "unknown_initiative"), 1L);
        assertThat(view.get("ghost")).isEmpty();
    }

    @Test
    void undecodableRecordsAreDeadLetteredAndTheStreamGoesOn() {
        define(initiative("relief-campaigns", "livelihood"));
        byte[] key = "relief-campaigns".getBytes(StandardCharsets.UTF_8);
        livelihood.pipeInput(key, "not avro at all".getBytes(StandardCharsets.UTF_8));
        byte[] unknownFingerprint = events.encode(event("e0", "relief-campaigns", T0, 1.0));
        unknownFingerprint[4] ^= 0x7F;
        livelihood.pipeInput(key, unknownFingerprint);
        livelihood.pipeInput(key, (byte[]) null);
        livelihood.pipeInput(null, events.encode(event("e9", "relief-campaigns", T0, 1.0)));
        report(livelihood, event("good", "relief-campaigns", T0, 25.0));

        List<String> reasons = dlt.readRecordsToList().stream().map(r -> header(r, "dlt.reason")).toList();
        assertThat(reasons).containsExactly("not_avro", "unknown_schema", "empty", "missing_key");
        assertThat(view.get("relief-campaigns").orElseThrow().progress()).isEqualTo(0.25);
        assertThat(view.deadLetterTotals().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    }

    @Test
    void impossibleValuesFromADirectProducerAreDeadLettered() {
        define(initiative("relief-campaigns", "livelihood"));
        report(livelihood, event("e1", "relief-campaigns", T0, 250.0));
        report(livelihood,
                ProgressEvent.newBuilder(event("e2", "relief-campaigns", T0, null))
                    .setKpis(Map.of("k", Double.NaN))
                    .build());
        assertThat(dlt.readRecordsToList()).extracting(r -> header(r, "dlt.reason"))
            .containsExactly("invalid_values", "invalid_values");
        assertThat(view.get("relief-campaigns").orElseThrow().state().getEventsCounted()).isZero();
    }

    @Test
    void eventWhoseKeyIsNotItsInitiativeIsDeadLettered() {
        define(initiative("relief-campaigns", "livelihood"));
        livelihood.pipeInput("relief-campaigns".getBytes(StandardCharsets.UTF_8),
                events.encode(event("e1", "other", T0, 10.0)));
        assertThat(header(dlt.readRecord(), "dlt.reason")).isEqualTo("key_mismatch");
    }

    @Test
    void rebaselineKeepsCountsAndAppliesTheNewDefinition() {
        define(initiative("relief-campaigns", "livelihood"));
        report(livelihood, event("e1", "relief-campaigns", T0, 40.0));
        Initiative rebaselined = Initiative.newBuilder(initiative("relief-campaigns", "livelihood"))
            .setDueDate(LocalDate.of(2027, 6, 30))
            .setName("开展14项主题救助活动（调整）")
            .build();
        define(rebaselined);
        InitiativeSnapshot snapshot = view.get("relief-campaigns").orElseThrow();
        assertThat(snapshot.state().getInitiative().getDueDate()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(snapshot.state().getEventsCounted()).isEqualTo(1);
        assertThat(snapshot.progress()).isEqualTo(0.40);
    }

    @Test
    void tombstoneTakesTheInitiativeOutOfTheView() {
        define(initiative("relief-campaigns", "livelihood"));
        catalog.pipeInput("relief-campaigns".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        assertThat(view.get("relief-campaigns")).isEmpty();
    }

    @Test
    void milestoneMeasureIsTheWeightedShareOfMilestonesReached() {
        define(Initiative.newBuilder(initiative("binjiang-reform", "economy"))
            .setMeasure(Measure.MILESTONES)
            .setMilestones(
                    List.of(new Milestone("plan", "方案审批", 1.0, null), new Milestone("listing", "混改正式挂牌", 3.0, null)))
            .build());
        report(economy,
                ProgressEvent.newBuilder(event("m1", "binjiang-reform", T0, null))
                    .setMilestonesReached(List.of("plan"))
                    .build());
        assertThat(view.get("binjiang-reform").orElseThrow().progress()).isEqualTo(0.25);
        report(economy,
                ProgressEvent.newBuilder(event("m2", "binjiang-reform", T0.plusSeconds(10), null))
                    .setMilestonesReached(List.of("listing"))
                    .build());
        assertThat(view.get("binjiang-reform").orElseThrow().progress()).isEqualTo(1.0);
    }

    @Test
    void kpiMeasureIsTheShareOfTheWayFromBaselineToTarget() {
        define(Initiative.newBuilder(initiative("yanglou", "economy"))
            .setMeasure(Measure.KPI)
            .setKpis(List.of(new Kpi("buildings-leased", "招商洋楼", "栋", 0.0, 90.0, KpiDirection.INCREASE),
                    new Kpi("vacancy", "空置率", "%", 40.0, 10.0, KpiDirection.DECREASE)))
            .build());
        report(economy,
                ProgressEvent.newBuilder(event("k1", "yanglou", T0, null))
                    .setKpis(Map.of("buildings-leased", 45.0, "vacancy", 25.0))
                    .build());
        assertThat(view.get("yanglou").orElseThrow().progress()).isEqualTo((0.5 + 0.5) / 2);
    }

    @Test
    void declaredHealthIsTheLatestByOccurrence() {
        define(initiative("relief-campaigns", "livelihood"));
        report(livelihood,
                ProgressEvent.newBuilder(event("d2", "relief-campaigns", T0.plusSeconds(60), null))
                    .setDeclaredHealth(DeclaredHealth.BLOCKED)
                    .build());
        report(livelihood,
                ProgressEvent.newBuilder(event("d1", "relief-campaigns", T0, null))
                    .setDeclaredHealth(DeclaredHealth.ON_TRACK)
                    .build());
        assertThat(view.get("relief-campaigns").orElseThrow().state().getDeclaredHealth())
            .isEqualTo(DeclaredHealth.BLOCKED);
    }

    @Test
    void closingTheTaskReleasesWhatItOwned() {
        define(initiative("relief-campaigns", "livelihood"));
        report(livelihood, ProgressEvent.newBuilder(event("e1", "ghost", T0, 40.0)).build());
        assertThat(view.deadLetterTotals()).isNotEmpty();
        driver.close();
        driver = null;
        assertThat(view.get("relief-campaigns")).isEmpty();
        assertThat(view.deadLetterTotals()).isEmpty();
    }

    void define(Initiative initiative) {
        catalog.pipeInput(initiative.getId().getBytes(StandardCharsets.UTF_8), initiatives.encode(initiative));
    }

    void report(TestInputTopic<byte[], byte[]> topic, ProgressEvent event) {
        topic.pipeInput(event.getInitiativeId().getBytes(StandardCharsets.UTF_8), events.encode(event));
    }

    static Initiative initiative(String id, String program) {
        return Initiative.newBuilder()
            .setId(id)
            .setName("开展14项主题救助活动")
            .setProgram(program)
            .setDepartment("civil-affairs")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setUpdatedAt(T0)
            .setUpdatedBy("test")
            .build();
    }

    static ProgressEvent event(String eventId, String initiativeId, Instant occurredAt, Double percent) {
        return ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiativeId)
            .setOccurredAt(occurredAt)
            .setReceivedAt(occurredAt.plusSeconds(5))
            .setReportedBy("tester")
            .setDepartment("civil-affairs")
            .setPercentComplete(percent)
            .setSource(EventSource.HTTP)
            .build();
    }

    static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
