package org.planwatch.aggregator.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeState;

/**
 * The aggregator's topology, as a pure function of a builder and the view it publishes to.
 *
 * <pre>
 * initiatives ─┐
 * progress.*  ─┴─► fold (stores: initiative-state, counted-events, dead-letters) ─► progress.dlt
 * </pre>
 *
 * One source reads the catalog and every program topic (by pattern, so a new program needs no
 * redeploy). All are keyed by initiative id with equal partition counts, so partition N of each
 * lands in the same task and one store holds an initiative's definition and progress together.
 */
public final class ProgressTopology {

    public static final String STATE_STORE = "initiative-state";
    public static final String COUNTED_STORE = "counted-events";
    public static final String DEAD_LETTER_STORE = "dead-letters";

    private ProgressTopology() {
    }

    /** @return the dead-letter stream (already sent to {@code progress.dlt}) */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, InitiativeView view) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                new AvroSerde<>(InitiativeState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTED_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEAD_LETTER_STORE),
                Serdes.String(), Serdes.Long()));
        KStream<byte[], byte[]> deadLetters = builder
                .stream(Topics.AGGREGATOR_INPUT, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inputs"))
                .process(() -> new ProgressProcessor(view), Named.as("fold"), STATE_STORE, COUNTED_STORE,
                        DEAD_LETTER_STORE);
        deadLetters.to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters"));
        return deadLetters;
    }
}
