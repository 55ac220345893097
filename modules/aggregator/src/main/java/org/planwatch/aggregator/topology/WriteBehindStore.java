package org.planwatch.aggregator.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The outermost layer of a key-value store: a value put is kept as it is, and written to
 * the store beneath (which serializes it, caches it and logs it) once, when Streams
 * flushes the task's caches before it commits (ADR 0010). A key put many times within a
 * commit interval is so serialized once instead of once per put.
 *
 * <p>
 * Streams calls {@code flushCache()} on every store of a task in {@code prepareCommit},
 * before it sends the offsets and commits the transaction, so what is written here
 * commits with the input that produced it. After an aborted transaction Streams closes
 * the task's stores and initialises them again; both drop what was kept, so nothing from
 * the aborted transaction is read back. Reads see what was kept; a range or a scan writes
 * what was kept first, so the store beneath answers it whole.
 */
final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {

    private final Map<K, V> kept = new HashMap<>();

    WriteBehindStore(KeyValueStore<K, V> beneath) {
        super(beneath);
    }

    /** The store {@code inner} builds, with this layer on top. */
    static <K, V> StoreBuilder<KeyValueStore<K, V>> over(StoreBuilder<KeyValueStore<K, V>> inner) {
        return new LayeredStoreBuilder<>(inner, WriteBehindStore::new);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        kept.clear();
        super.init(context, root);
    }

    @Override
    public V get(K key) {
        V value = kept.get(key);
        return value != null ? value : wrapped().get(key);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
        }
        else {
            kept.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V before = get(key);
        if (before == null) {
            put(key, value);
        }
        return before;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        V before = kept.remove(key);
        V stored = wrapped().delete(key);
        return before != null ? before : stored;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeKept();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeKept();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeKept();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeKept();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeKept();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writeKept();
        return wrapped().approximateNumEntries();
    }

    /** Called by Streams before every commit, in the transaction it commits. */
    @Override
    public void flushCache() {
        writeKept();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeKept();
        super.flush();
    }

    /**
     * As Streams' cache does on close, what was kept is written (under exactly-once a
     * store closed after a failure is wiped and restored anyway).
     */
    @Override
    public void close() {
        try {
            writeKept();
        }
        finally {
            kept.clear();
            super.close();
        }
    }

    /** How many keys wait for the next commit. */
    int keptCount() {
        return kept.size();
    }

    private void writeKept() {
        if (kept.isEmpty()) {
            return;
        }
        List<KeyValue<K, V>> entries = kept.entrySet()
            .stream()
            .map(e -> KeyValue.pair(e.getKey(), e.getValue()))
            .toList();
        kept.clear();
        wrapped().putAll(entries);
    }

}
