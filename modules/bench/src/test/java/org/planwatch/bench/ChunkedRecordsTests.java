package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference that keeps every record by key: each record once, a key's records of one
 * commit in one chunk. The driver commits after every record it is given, so each new
 * record here is one chunk.
 */
class ChunkedRecordsTests {

    @TempDir
    Path state;

    @Test
    void keepsEachIdOnceUnderItsKeyInTheOrderKept() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(),
                    Serdes.String().serializer());
            in.pipeInput("k1", "a");
            in.pipeInput("k1", "b");
            in.pipeInput("k2", "a");
            in.pipeInput("k1", "a");
            in.pipeInput("k10", "c");

            ChunkedRecords kept = (ChunkedRecords) driver.getStateStore("kept");
            assertThat(text(kept.records(key("k1")))).containsExactly("a", "b");
            assertThat(text(kept.records(key("k2")))).containsExactly("a");
            assertThat(text(kept.records(key("k10")))).as("a key its prefix does not reach").containsExactly("c");
            assertThat(kept.records(key("k3"))).isEmpty();
            int chunks = 0;
            try (KeyValueIterator<Bytes, byte[]> all = kept.wrapped().all()) {
                for (; all.hasNext(); all.next()) {
                    chunks++;
                }
            }
            assertThat(chunks).as("one chunk per new record, none for the repeat").isEqualTo(4);
        }
    }

    private TopologyTestDriver driver() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(ChunkedRecords.builder("kept"));
        builder.stream("in", Consumed.with(Serdes.Bytes(), Serdes.ByteArray())).process(KeepByValue::new, "kept");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "chunked-records");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return new TopologyTestDriver(builder.build(), props);
    }

    private static Bytes key(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> text(List<byte[]> values) {
        List<String> text = new ArrayList<>();
        values.forEach(v -> text.add(new String(v, StandardCharsets.UTF_8)));
        return text;
    }

    /** The value is its own id here, so a repeated value is a repeated record. */
    private static final class KeepByValue implements Processor<Bytes, byte[], Void, Void> {

        private ChunkedRecords kept;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            kept = context.getStateStore("kept");
        }

        @Override
        public void process(Record<Bytes, byte[]> record) {
            kept.keep(record.key(), record.value(), record.value());
        }

    }

}
