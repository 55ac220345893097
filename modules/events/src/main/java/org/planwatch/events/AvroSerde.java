package org.planwatch.events;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde over {@link AvroCodec}: single-object encoding, every released version
 * readable.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroCodec<T> codec;

    public AvroSerde(Class<T> type) {
        this.codec = AvroCodec.of(type);
    }

    public AvroCodec<T> codec() {
        return codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : codec.encode(data);
    }

    /** Tombstones (null values) stay null: they delete a key on a compacted topic. */
    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> data == null ? null : codec.decode(data);
    }

}
