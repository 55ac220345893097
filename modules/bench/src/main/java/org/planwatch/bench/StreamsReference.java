package org.planwatch.bench;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The least a stateful Kafka Streams application can do per record: count by key into a
 * persistent, cached, changelogged store, with the aggregator's guarantee, commit interval and
 * thread count. Run over the aggregator's topic, it is the ceiling of any fold in Kafka Streams on
 * this machine, between the raw consumer and ours.
 */
final class StreamsReference implements AutoCloseable {

    private final KafkaStreams streams;

    StreamsReference(String bootstrap, String topic, String applicationId, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.Bytes(), Serdes.Bytes())).groupByKey()
                .count(Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as("counts"));
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
    }

    @Override
    public void close() {
        streams.close();
    }
}
