package org.planwatch.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.avro.ProgressEvent;

/**
 * Kafka Streams references over the aggregator's topic, with the aggregator's guarantee,
 * commit interval and thread count:
 * <ul>
 * <li>{@link #count}: the least a stateful application can do per record, count by key
 * into a persistent, cached, changelogged store; the ceiling of any fold in Kafka Streams
 * on this machine;</li>
 * <li>{@link #keepEveryRecord}: the least a fold that counts each event once and can
 * replay an initiative's history does per record (as the aggregator's
 * {@code counted-events} store): look the record up by its own key and put it there, in a
 * persistent, changelogged store that caching cannot help (every key is new), so one
 * changelog record per record.</li>
 * <li>{@link #keepEveryEventByKey}: the least a fold that counts each event once by its
 * id does, kept as the aggregator keeps them: each record decoded for its event's id
 * (with the aggregator's codec), the id looked up among its key's in memory, and a key's
 * new events of a commit written as one record ({@link ChunkedRecords}), so one changelog
 * record per key per commit, as the count writes.</li>
 * </ul>
 */
final class StreamsReference implements AutoCloseable {

    /**
     * How often the aggregator commits while it reads a backlog, as it does through the
     * bench's runs ({@code planwatch.aggregator.catch-up.commit-interval} in
     * aggregator.yml), which the references must share.
     */
    static final int AGGREGATOR_COMMIT_INTERVAL_MS = 2000;

    private final KafkaStreams streams;

    private StreamsReference(StreamsBuilder builder, String bootstrap, String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, AGGREGATOR_COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
    }

    static StreamsReference count(String bootstrap, String topic, String applicationId, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
            .groupByKey()
            .count(Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as("counts"));
        return new StreamsReference(builder, bootstrap, applicationId, stateDir);
    }

    static StreamsReference keepEveryRecord(String bootstrap, String topic, String applicationId, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("kept"), Serdes.Bytes(),
                Serdes.ByteArray()));
        builder.stream(topic, Consumed.with(Serdes.Bytes(), Serdes.ByteArray())).process(KeepEveryRecord::new, "kept");
        return new StreamsReference(builder, bootstrap, applicationId, stateDir);
    }

    static StreamsReference keepEveryEventByKey(String bootstrap, String topic, String applicationId, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(ChunkedRecords.builder("kept-by-key"));
        builder.stream(topic, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()))
            .process(KeepEveryEventByKey::new, "kept-by-key");
        return new StreamsReference(builder, bootstrap, applicationId, stateDir);
    }

    /** Its id is the event's own, read from the record as the aggregator reads it. */
    private static final class KeepEveryEventByKey implements Processor<Bytes, byte[], Void, Void> {

        private final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

        private ChunkedRecords kept;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.kept = context.getStateStore("kept-by-key");
        }

        @Override
        public void process(Record<Bytes, byte[]> record) {
            String id = events.decode(record.value()).getEventId();
            kept.keep(record.key(), id.getBytes(StandardCharsets.UTF_8), record.value());
        }

    }

    /**
     * Keyed by the record's key and offset, which no other record has (the aggregator
     * keys by the event's id).
     */
    private static final class KeepEveryRecord implements Processor<Bytes, byte[], Void, Void> {

        private ProcessorContext<Void, Void> context;

        private KeyValueStore<Bytes, byte[]> kept;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.kept = context.getStateStore("kept");
        }

        @Override
        public void process(Record<Bytes, byte[]> record) {
            long offset = context.recordMetadata().orElseThrow().offset();
            byte[] key = ByteBuffer.allocate(record.key().get().length + Long.BYTES)
                .put(record.key().get())
                .putLong(offset)
                .array();
            Bytes id = Bytes.wrap(key);
            if (kept.get(id) == null) {
                kept.put(id, record.value());
            }
        }

    }

    /**
     * Records its stream thread has processed so far (Streams' {@code process-total}, a
     * thread metric at the default recording level).
     */
    long processed() {
        double sum = 0;
        for (var metric : streams.metrics().entrySet()) {
            if (metric.getKey().name().equals("process-total")
                    && metric.getKey().group().equals("stream-thread-metrics")) {
                sum += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return (long) sum;
    }

    @Override
    public void close() {
        streams.close();
    }

}
