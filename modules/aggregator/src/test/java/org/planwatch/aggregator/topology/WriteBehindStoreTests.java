package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The layer alone, over an in-memory store whose value serde counts what it serializes:
 * what reaches the store beneath, and when. How it behaves in a task that commits and
 * aborts is shown by the topology tests and the fault harness, which run through it.
 */
class WriteBehindStoreTests {

    final AtomicInteger serialized = new AtomicInteger();

    WriteBehindStore<String, String> store;

    @BeforeEach
    void open() {
        Serde<String> counting = Serdes.serdeFrom((topic, value) -> {
            serialized.incrementAndGet();
            return new StringSerializer().serialize(topic, value);
        }, Serdes.String().deserializer());
        store = (WriteBehindStore<String, String>) WriteBehindStore
            .over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("states"), Serdes.String(), counting)
                .withLoggingDisabled())
            .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aKeyPutManyTimesIsSerializedOnceWhenStreamsFlushesBeforeItsCommit() {
        for (int i = 1; i <= 100; i++) {
            store.put("a", "state " + i);
            store.put("b", "other " + i);
        }
        assertThat(serialized).hasValue(0);
        assertThat(store.get("a")).isEqualTo("state 100");

        store.flushCache();

        assertThat(serialized).hasValue(2);
        assertThat(store.keptCount()).isZero();
        assertThat(store.wrapped().get("a")).isEqualTo("state 100");
        assertThat(store.wrapped().get("b")).isEqualTo("other 100");
    }

    @Test
    void aScanAnswersWithWhatWasKept() {
        store.put("a\u00001", "one");
        store.flushCache();
        store.put("a\u00001", "one again");
        store.put("a\u00002", "two");
        store.put("b\u00001", "elsewhere");

        List<KeyValue<String, String>> found = new ArrayList<>();
        try (KeyValueIterator<String, String> scan = store.prefixScan("a\u0000", new StringSerializer())) {
            scan.forEachRemaining(found::add);
        }

        assertThat(found).containsExactly(KeyValue.pair("a\u00001", "one again"), KeyValue.pair("a\u00002", "two"));
        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void aDeleteRemovesTheKeptValueAndTheStoredOne() {
        store.put("a", "stored");
        store.flushCache();
        store.put("a", "kept");

        assertThat(store.delete("a")).isEqualTo("kept");
        store.flushCache();

        assertThat(store.get("a")).isNull();
        assertThat(store.wrapped().get("a")).isNull();
    }

    @Test
    void aStoreInitialisedAgainReadsOnlyWhatWasWrittenBeneath() {
        store.put("a", "committed");
        store.flushCache();
        store.put("a", "after the commit");

        // Streams initialises a task's stores again when it revives the task after an
        // aborted transaction (under exactly-once, over a wiped and restored state).
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);

        assertThat(store.get("a")).isEqualTo("committed");
        assertThat(store.keptCount()).isZero();
    }

    @Test
    void putNullDeletes() {
        store.put("a", "stored");
        store.flushCache();

        store.put("a", null);

        assertThat(store.get("a")).isNull();
        assertThat(store.putIfAbsent("a", "again")).isNull();
        assertThat(store.putIfAbsent("a", "not this")).isEqualTo("again");
    }

}
