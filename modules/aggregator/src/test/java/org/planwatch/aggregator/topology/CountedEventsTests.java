package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.topology.CountedEvents.Entry;

/**
 * The counted events kept per initiative per flush (ADR 0019), over an in-memory store:
 * what each flush writes, what is read back after the store is initialised again (as
 * after an aborted transaction), corrections, the bound on the ids held, and the events
 * taken from the store keyed by event.
 */
class CountedEventsTests {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    private final CountedEvents counted = store(1_000);

    @Test
    void writesAnInitiativesEventsOfAFlushAsOneChunk() {
        counted.add("k1", entry("a1"));
        counted.add("k1", entry("a2"));
        counted.add("k10", entry("b1"));

        assertThat(chunks()).as("nothing before the flush").isEmpty();
        assertThat(text(counted.values("k1"))).as("read before the flush").containsExactly("a1", "a2");

        counted.flushCache();
        counted.add("k1", entry("a3"));
        counted.flushCache();

        assertThat(chunks()).extracting(kv -> kv.key)
            .containsExactlyInAnyOrder(CountedEvents.chunkKey("k1", 0), CountedEvents.chunkKey("k1", 1),
                    CountedEvents.chunkKey("k10", 0));
        assertThat(text(counted.committed("k1"))).containsExactly("a1", "a2", "a3");
        assertThat(text(counted.committed("k10"))).as("an id its prefix does not reach").containsExactly("b1");
        assertThat(counted.committed("k2")).isEmpty();
    }

    @Test
    void knowsWhatWasFlushedOnceInitialisedAgainAndNothingThatWasNot() {
        counted.add("k1", entry("a1"));
        counted.flushCache();
        counted.add("k1", entry("a2"));

        // As Streams does after it aborts a transaction (the store beneath is restored
        // from the changelog to the last commit; here it holds what was flushed).
        counted.init(context.getStateStoreContext(), counted);

        assertThat(counted.counted("k1", "a1")).isTrue();
        assertThat(counted.counted("k1", "a2")).as("never flushed").isFalse();
        assertThat(text(counted.values("k1"))).containsExactly("a1");
        counted.add("k1", entry("a2"));
        counted.flushCache();
        assertThat(chunks()).extracting(kv -> kv.key)
            .as("the next chunk after those read")
            .containsExactly(CountedEvents.chunkKey("k1", 0), CountedEvents.chunkKey("k1", 1));
    }

    @Test
    void anEventIsAddedOnce() {
        counted.add("k1", entry("a1"));

        assertThat(counted.counted("k1", "a1")).isTrue();
        assertThat(counted.counted("k2", "a1")).as("another initiative's").isFalse();
        assertThatIllegalStateException().isThrownBy(() -> counted.add("k1", entry("a1")));
    }

    @Test
    void knowsWhichEventsACountedCorrectionCorrects() {
        counted.add("k1", new Entry("fix", "a1", bytes("fix")));
        counted.flushCache();
        counted.init(context.getStateStoreContext(), counted);

        assertThat(counted.corrected("k1", "a1")).isTrue();
        assertThat(counted.corrected("k1", "fix")).isFalse();
        assertThat(counted.corrected("k2", "a1")).isFalse();
    }

    @Test
    void keepSaysWhetherAnEventIsNewAndWhetherACountedCorrectionCorrectsIt() {
        assertThat(counted.keep("k1", new Entry("fix", "a1", bytes("fix")))).isEqualTo(CountedEvents.Kept.NEW);
        assertThat(counted.keep("k1", entry("a1"))).as("arrived after its correction")
            .isEqualTo(CountedEvents.Kept.NEW_CORRECTED);
        assertThat(counted.keep("k1", entry("a1"))).isEqualTo(CountedEvents.Kept.ALREADY_COUNTED);
        assertThat(counted.keep("k2", entry("a1"))).as("another initiative's").isEqualTo(CountedEvents.Kept.NEW);
        assertThat(counted.idsHeld()).isEqualTo(3);

        counted.flushCache();
        counted.init(context.getStateStoreContext(), counted);

        assertThat(counted.keep("k1", entry("fix"))).as("read back from its chunk")
            .isEqualTo(CountedEvents.Kept.ALREADY_COUNTED);
        assertThat(text(counted.values("k1"))).containsExactly("fix", "a1");
    }

    @Test
    void dropsTheIdsOfTheInitiativesMetLongestAgoBeyondTheBoundAndReadsThemAgain() {
        CountedEvents bounded = store(3);
        bounded.add("old", entry("o1"));
        bounded.add("old", entry("o2"));
        bounded.add("new", entry("n1"));
        bounded.add("new", entry("n2"));
        assertThat(bounded.idsHeld()).as("nothing is dropped before its flush").isEqualTo(4);

        bounded.flushCache();

        assertThat(bounded.idsHeld()).isEqualTo(2);
        assertThat(bounded.counted("old", "o2")).as("read again").isTrue();
        assertThat(bounded.idsHeld()).isEqualTo(4);
        bounded.add("old", entry("o3"));
        bounded.flushCache();
        assertThat(text(bounded.committed("old"))).containsExactly("o1", "o2", "o3");
    }

    @Test
    void takesAnInitiativesEarlierEventsWhenFirstMetAndWritesThemInItsNextChunk() {
        AtomicInteger asked = new AtomicInteger();
        counted.takeEarlierFrom(id -> {
            asked.incrementAndGet();
            return id.equals("k1") ? List.of(entry("e1"), new Entry("e2", "e1", bytes("e2"))) : List.of();
        });

        assertThat(counted.counted("k1", "e1")).isTrue();
        assertThat(counted.corrected("k1", "e1")).isTrue();
        counted.add("k1", entry("a1"));
        counted.counted("k2", "x");
        counted.counted("k1", "a1");
        counted.flushCache();

        assertThat(asked).as("once per initiative").hasValue(2);
        assertThat(chunks()).extracting(kv -> kv.key).containsExactly(CountedEvents.chunkKey("k1", 0));
        assertThat(text(counted.committed("k1"))).containsExactly("e1", "e2", "a1");
    }

    @Test
    void aChunkDecodesToTheEntriesEncoded() {
        List<Entry> entries = List.of(new Entry("a", null, bytes("x")), new Entry("事项-2", "a", new byte[0]));
        List<Entry> decoded = new ArrayList<>();

        CountedEvents.decode(CountedEvents.encode(entries), decoded::add);

        assertThat(decoded).extracting(Entry::id, Entry::supersedes)
            .containsExactly(tuple("a", null), tuple("事项-2", "a"));
        assertThat(decoded.get(0).value()).isEqualTo(bytes("x"));
        assertThat(decoded.get(1).value()).isEmpty();
    }

    private CountedEvents store(int maxIds) {
        CountedEvents store = CountedEvents.builder(Stores.inMemoryKeyValueStore("counted"), maxIds)
            .withLoggingDisabled()
            .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private List<KeyValue<Bytes, byte[]>> chunks() {
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = counted.wrapped().all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    private static Entry entry(String id) {
        return new Entry(id, null, bytes(id));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> text(List<byte[]> values) {
        return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

}
