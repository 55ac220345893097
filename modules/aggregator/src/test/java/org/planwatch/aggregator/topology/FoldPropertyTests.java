package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import java.util.stream.LongStream;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.ProgressEvent;

/**
 * The state is a function of the set of events: however they arrive — shuffled,
 * duplicated, corrections before what they correct — the processor's incremental path
 * ends where a replay of the set in occurredAt order ends. Driven through the real
 * topology and its stores.
 */
class FoldPropertyTests {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    static LongStream seeds() {
        return Seeds.of(FoldPropertyTests.class, 120);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stateDependsOnlyOnTheSetOfEvents(long seed) {
        Random random = new Random(seed);
        List<ProgressEvent> events = history(random);
        Initiative initiative = initiative();
        initiative.setReportingCadenceDays(1 + random.nextInt(20));
        InitiativeState reference = Fold.replay(Fold.define(null, initiative), events);
        assertThat(reference.getReportsJudged()).isEqualTo(judged(events));
        assertThat(reference.getReportsOnCadence()).isEqualTo(onCadence(events, initiative.getReportingCadenceDays()));

        List<ProgressEvent> arrivals = new ArrayList<>(events);
        for (int i = 0; i < events.size() / 3; i++) {
            arrivals.add(events.get(random.nextInt(events.size()))); // retries
        }
        Collections.shuffle(arrivals, random);

        // Through the real processor and its stores.
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, new InitiativeView(), new Evaluator(AggregatorProperties.Rules.defaults()),
                Duration.ofMinutes(1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fold-properties");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, T0.plusSeconds(90L * 86_400))) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> catalog = driver.createInputTopic("initiatives", bytes, bytes);
            TestInputTopic<byte[], byte[]> economy = driver.createInputTopic("progress.economy", bytes, bytes);
            catalog.pipeInput(key(), INITIATIVES.encode(initiative));
            for (ProgressEvent event : arrivals) {
                economy.pipeInput(key(), EVENTS.encode(event));
            }
            KeyValueStore<String, InitiativeState> states = driver.getKeyValueStore(ProgressTopology.STATE_STORE);
            InitiativeState state = states.get("subject");
            // Stored without its catalog entry, which has a store of its own.
            assertThat(state.getInitiative()).isNull();
            KeyValueStore<String, Initiative> entries = driver.getKeyValueStore(ProgressTopology.CATALOG_STORE);
            state.setInitiative(entries.get("subject"));

            assertThat(state.getDuplicates()).isEqualTo(arrivals.size() - events.size());
            state.setDuplicates(0L);
            state.setEvaluation(null);
            assertThat(state).isEqualTo(reference);
            assertThat(state.getEventsCounted()).isEqualTo(events.size());
        }
    }

    /**
     * Counting into the state itself (a task's own, folded since it was last judged, ADR
     * 0020) ends where counting into a copy does, and changes nothing an earlier state
     * shares with it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void countingInPlaceEndsWhereCountingIntoACopyDoes(long seed) {
        Random random = new Random(seed);
        Initiative initiative = initiative();
        initiative.setReportingCadenceDays(1 + random.nextInt(20));
        List<ProgressEvent> events = new ArrayList<>(history(random));
        events.sort(Comparator.comparing(ProgressEvent::getOccurredAt));
        InitiativeState copied = Fold.define(null, initiative);
        InitiativeState own = Fold.copy(copied);
        int counted = 0;
        for (ProgressEvent event : events) {
            if (!Fold.countable(copied, event)) {
                continue;
            }
            InitiativeState earlier = copied;
            InitiativeState asItWas = InitiativeState.newBuilder(earlier).build();
            copied = Fold.count(copied, event);
            InitiativeState before = own;
            own = Fold.countInPlace(own, event);

            assertThat(own).isSameAs(before).isEqualTo(copied);
            assertThat(earlier).as("a state sharing values with it").isEqualTo(asItWas);
            counted++;
        }
        assertThat(counted).as("the first report is always countable").isPositive();
    }

    /** Reports that correct none, but the first. */
    static long judged(List<ProgressEvent> events) {
        return Math.max(0, events.stream().filter(e -> e.getSupersedes() == null).count() - 1);
    }

    /** Of those, received at most {@code cadenceDays} after the one received before. */
    static long onCadence(List<ProgressEvent> events, int cadenceDays) {
        List<Instant> receipts = events.stream()
            .filter(e -> e.getSupersedes() == null)
            .map(ProgressEvent::getReceivedAt)
            .sorted()
            .toList();
        long onCadence = 0;
        for (int i = 1; i < receipts.size(); i++) {
            long gap = receipts.get(i).toEpochMilli() - receipts.get(i - 1).toEpochMilli();
            onCadence += gap <= cadenceDays * 86_400_000L ? 1 : 0;
        }
        return onCadence;
    }

    static final AvroCodec<Initiative> INITIATIVES = AvroCodec.of(Initiative.class);
    static final AvroCodec<ProgressEvent> EVENTS = AvroCodec.of(ProgressEvent.class);

    static byte[] key() {
        return "subject".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * 1 to 25 reports over 60 days, same-day collisions likely; every fifth corrects an
     * earlier one; some received days late (so out of order by receipt), on whole days
     * (so gaps land on the cadence); some with a note, blank or not.
     */
    static List<ProgressEvent> history(Random random) {
        int size = 1 + random.nextInt(25);
        List<ProgressEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int day = random.nextInt(61);
            int hour = random.nextInt(2);
            Double percent = random.nextDouble() < 0.3 ? null : Math.round(random.nextDouble() * 1000) / 10.0;
            Double kpi = random.nextDouble() < 0.5 ? null : (double) random.nextInt(91);
            List<String> milestones = new ArrayList<>();
            for (int m = random.nextInt(3); m > 0; m--) {
                milestones.add(List.of("m1", "m2", "m3").get(random.nextInt(3)));
            }
            DeclaredHealth[] healths = DeclaredHealth.values();
            DeclaredHealth declared = random.nextDouble() < 0.6 ? null : healths[random.nextInt(healths.length)];
            int lateDays = random.nextDouble() < 0.7 ? 0 : random.nextInt(21);
            String note = random.nextDouble() < 0.5 ? null : List.of("按期推进", "资金未到位", " ").get(random.nextInt(3));
            ProgressEvent event = ProgressEvent.newBuilder()
                .setEventId("e" + i)
                .setInitiativeId("subject")
                .setOccurredAt(T0.plusSeconds(day * 86_400L + hour * 3600L))
                .setReceivedAt(T0.plusSeconds((day + lateDays) * 86_400L + 7200))
                .setReportedBy("r")
                .setDepartment("d")
                .setNote(note)
                .setPercentComplete(percent)
                .setKpis(kpi == null ? Map.of() : Map.of("villas", kpi))
                .setMilestonesReached(milestones)
                .setDeclaredHealth(declared)
                .setSource(EventSource.HTTP)
                .build();
            if (i % 5 == 4) {
                event.setSupersedes("e" + (i - 3));
            }
            events.add(event);
        }
        return events;
    }

    static Initiative initiative() {
        return Initiative.newBuilder()
            .setId("subject")
            .setName("打好洋楼招商攻坚战")
            .setProgram("economy")
            .setDepartment("commerce")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setMeasure(Measure.KPI)
            .setKpis(List.of(new Kpi("villas", "洋楼", "栋", 0.0, 90.0, KpiDirection.INCREASE)))
            .setMilestones(List.of(new Milestone("m1", "一", 1.0, null), new Milestone("m2", "二", 1.0, null),
                    new Milestone("m3", "三", 2.0, null)))
            .setUpdatedAt(T0)
            .setUpdatedBy("test")
            .build();
    }

}
