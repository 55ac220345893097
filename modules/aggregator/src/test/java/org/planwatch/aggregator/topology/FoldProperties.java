package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
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
 * The state is a function of the set of events: however they arrive — shuffled, duplicated,
 * corrections before what they correct — the processor's incremental path ends where a replay of
 * the set in occurredAt order ends. Driven through the real topology and its stores.
 */
class FoldProperties {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    @Property(tries = 120)
    void stateDependsOnlyOnTheSetOfEvents(@ForAll("histories") List<ProgressEvent> events, @ForAll long seed) {
        InitiativeState reference = Fold.replay(Fold.define(null, initiative()), events);

        List<ProgressEvent> arrivals = new ArrayList<>(events);
        Random random = new Random(seed);
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
            catalog.pipeInput(key(), INITIATIVES.encode(initiative()));
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

    static final AvroCodec<Initiative> INITIATIVES = AvroCodec.of(Initiative.class);
    static final AvroCodec<ProgressEvent> EVENTS = AvroCodec.of(ProgressEvent.class);

    static byte[] key() {
        return "subject".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<List<ProgressEvent>> histories() {
        Arbitrary<ProgressEvent> event = Combinators.combine(
                Arbitraries.integers().between(0, 60), // day
                Arbitraries.integers().between(0, 1),  // same-day collisions are likely
                Arbitraries.doubles().between(0, 100).ofScale(1).injectNull(0.3),
                Arbitraries.doubles().between(0, 90).ofScale(0).injectNull(0.5),
                Arbitraries.of("m1", "m2", "m3").list().ofMaxSize(2),
                Arbitraries.of(DeclaredHealth.class).injectNull(0.6))
                .as((day, hour, percent, kpi, milestones, declared) -> ProgressEvent.newBuilder()
                        .setEventId("x").setInitiativeId("subject")
                        .setOccurredAt(T0.plusSeconds(day * 86_400L + hour * 3600L))
                        .setReceivedAt(T0.plusSeconds(day * 86_400L + 7200)).setReportedBy("r").setDepartment("d")
                        .setPercentComplete(percent).setKpis(kpi == null ? Map.of() : Map.of("villas", kpi))
                        .setMilestonesReached(milestones).setDeclaredHealth(declared).setSource(EventSource.HTTP).build());
        return event.list().ofMinSize(1).ofMaxSize(25).map(list -> {
            List<ProgressEvent> withIds = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                ProgressEvent e = ProgressEvent.newBuilder(list.get(i)).setEventId("e" + i).build();
                // Every fifth report corrects an earlier one.
                if (i % 5 == 4) {
                    e.setSupersedes("e" + (i - 3));
                }
                withIds.add(e);
            }
            return withIds;
        });
    }

    static Initiative initiative() {
        return Initiative.newBuilder().setId("subject").setName("打好洋楼招商攻坚战").setProgram("economy")
                .setDepartment("commerce").setStartDate(LocalDate.of(2026, 1, 1)).setDueDate(LocalDate.of(2026, 12, 31))
                .setMeasure(Measure.KPI).setKpis(List.of(new Kpi("villas", "洋楼", "栋", 0.0, 90.0, KpiDirection.INCREASE)))
                .setMilestones(List.of(new Milestone("m1", "一", 1.0, null), new Milestone("m2", "二", 1.0, null),
                        new Milestone("m3", "三", 2.0, null)))
                .setUpdatedAt(T0).setUpdatedBy("test").build();
    }
}
