package org.planwatch.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.jmh.Plans;

/**
 * Single-object encoding of a report (what the publisher writes and the aggregator reads,
 * once per event) and of a folded state (what the state store writes and its changelog
 * restores). The {@link AvroSerde} rows are the state store's path: the same codec behind
 * Kafka's serde interface.
 *
 * <p>
 * JMH needs benchmark and state classes public; they are not API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Avro records are made before any AvroCodec, which sets this in the services.
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.planwatch.events.avro")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AvroCodecBenchmark {

    private static final String STORE_CHANGELOG = "planwatch-aggregator-initiative-state-changelog";

    private final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    private final AvroCodec<InitiativeState> states = AvroCodec.of(InitiativeState.class);

    private final AvroSerde<InitiativeState> stateSerde = new AvroSerde<>(InitiativeState.class);

    private final BinaryMessageEncoder<InitiativeState> messageEncoder = new BinaryMessageEncoder<>(
            SpecificData.getForClass(InitiativeState.class), InitiativeState.getClassSchema());

    private final BinaryMessageDecoder<ProgressEvent> messageDecoder = new BinaryMessageDecoder<>(
            SpecificData.getForClass(ProgressEvent.class), ProgressEvent.getClassSchema(),
            SchemaHistory.get().storeWith(ProgressEvent.getClassSchema()));

    // Taken once, as Kafka Streams does when it opens the store.
    private final Serializer<InitiativeState> stateSerializer = stateSerde.serializer();

    private final Deserializer<InitiativeState> stateDeserializer = stateSerde.deserializer();

    private ProgressEvent event;

    private byte[] eventBytes;

    private InitiativeState state;

    private byte[] stateBytes;

    /**
     * The state as the aggregator stores it: its catalog entry is in a store of its own.
     */
    private InitiativeState storedState;

    private byte[] storedStateBytes;

    @Setup
    public void setUp() {
        Initiative initiative = Plans.initiative(7);
        event = Plans.report(initiative, 12);
        eventBytes = events.encode(event);
        state = Plans.folded(initiative, 7);
        stateBytes = states.encode(state);
        storedState = InitiativeState.newBuilder(state).setInitiative(null).build();
        storedStateBytes = states.encode(storedState);
        System.out.printf("%nProgressEvent: %d bytes encoded; InitiativeState: %d bytes encoded, %d as stored (without"
                + " the catalog entry)%n", eventBytes.length, stateBytes.length, storedStateBytes.length);
    }

    /**
     * What {@code AvroCodec.encode} did before: Avro's own message encoder, and a copy
     * out of its buffer.
     */
    @Benchmark
    public byte[] encodeStateAvroMessageEncoder() throws IOException {
        ByteBuffer buffer = messageEncoder.encode(state);
        return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                buffer.arrayOffset() + buffer.limit());
    }

    @Benchmark
    public byte[] encodeStoredState() {
        return states.encode(storedState);
    }

    @Benchmark
    public InitiativeState decodeStoredState() {
        return states.decode(storedStateBytes);
    }

    @Benchmark
    public byte[] encodeEvent() {
        return events.encode(event);
    }

    @Benchmark
    public ProgressEvent decodeEvent() {
        return events.decode(eventBytes);
    }

    /**
     * What {@code AvroCodec.decode} did before: Avro's own message decoder, a new decoder
     * per record over a stream.
     */
    @Benchmark
    public ProgressEvent decodeEventAvroMessageDecoder() throws IOException {
        return messageDecoder.decode(eventBytes);
    }

    @Benchmark
    public byte[] encodeState() {
        return states.encode(state);
    }

    @Benchmark
    public InitiativeState decodeState() {
        return states.decode(stateBytes);
    }

    @Benchmark
    public byte[] serdeSerializeState() {
        return stateSerializer.serialize(STORE_CHANGELOG, state);
    }

    @Benchmark
    public InitiativeState serdeDeserializeState() {
        return stateDeserializer.deserialize(STORE_CHANGELOG, stateBytes);
    }

}
