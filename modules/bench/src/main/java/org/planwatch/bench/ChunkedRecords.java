package org.planwatch.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A store layer that keeps every record once, per key per commit: the records a key gets
 * within a commit interval are written when Streams flushes the task's stores before it
 * commits, as one record, that key's chunk of that commit, into a persistent,
 * changelogged, uncached store. So one changelog record per key per commit, as a cached
 * count writes, where a store keyed by record writes one per record.
 *
 * <p>
 * A record's id is looked up among its key's ids, which are read from the key's chunks (a
 * prefix scan) the first time the task meets the key. What was kept and the ids read are
 * dropped when the store is initialised again (after an aborted transaction).
 */
final class ChunkedRecords extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]> {

    private final Map<Bytes, Key> keys = new HashMap<>();

    private ChunkedRecords(KeyValueStore<Bytes, byte[]> beneath) {
        super(beneath);
    }

    static StoreBuilder<ChunkedRecords> builder(String name) {
        return new Builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray()));
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        keys.clear();
        super.init(context, root);
    }

    /** Keeps the record unless its key already holds its id; whether it was new. */
    boolean keep(Bytes key, byte[] id, byte[] value) {
        Key known = keys.computeIfAbsent(key, this::read);
        if (!known.ids.add(Bytes.wrap(id))) {
            return false;
        }
        known.pending.add(id);
        known.pending.add(value);
        return true;
    }

    /** Every record kept under {@code key}, written or not, in the order kept. */
    List<byte[]> records(Bytes key) {
        List<byte[]> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> chunks = chunks(key)) {
            chunks.forEachRemaining(chunk -> all.addAll(every(decode(chunk.value), 1)));
        }
        Key known = keys.get(key);
        if (known != null) {
            all.addAll(every(known.pending, 1));
        }
        return all;
    }

    @Override
    public void flushCache() {
        write();
        super.flushCache();
    }

    @Override
    public void flush() {
        write();
        super.flush();
    }

    @Override
    public void close() {
        try {
            write();
        }
        finally {
            keys.clear();
            super.close();
        }
    }

    private void write() {
        List<KeyValue<Bytes, byte[]>> chunks = new ArrayList<>();
        keys.forEach((key, known) -> {
            if (!known.pending.isEmpty()) {
                chunks.add(KeyValue.pair(chunkKey(key, known.chunks++), encode(known.pending)));
                known.pending.clear();
            }
        });
        if (!chunks.isEmpty()) {
            wrapped().putAll(chunks);
        }
    }

    private Key read(Bytes key) {
        Key known = new Key();
        try (KeyValueIterator<Bytes, byte[]> chunks = chunks(key)) {
            chunks.forEachRemaining(chunk -> {
                known.chunks++;
                every(decode(chunk.value), 0).forEach(id -> known.ids.add(Bytes.wrap(id)));
            });
        }
        return known;
    }

    private KeyValueIterator<Bytes, byte[]> chunks(Bytes key) {
        return wrapped().range(chunkKey(key, 0), chunkKey(key, Integer.MAX_VALUE));
    }

    /**
     * The key's bytes, its length, then the chunk's number, big-endian: a key's chunks
     * lie together in order, and the length begins with a zero byte, which no text key
     * holds, so no longer key's chunks fall among them.
     */
    private static Bytes chunkKey(Bytes key, int chunk) {
        byte[] k = key.get();
        return Bytes
            .wrap(ByteBuffer.allocate(k.length + 2 * Integer.BYTES).put(k).putInt(k.length).putInt(chunk).array());
    }

    private static byte[] encode(List<byte[]> idsAndValues) {
        int size = 0;
        for (byte[] part : idsAndValues) {
            size += Integer.BYTES + part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] part : idsAndValues) {
            out.putInt(part.length).put(part);
        }
        return out.array();
    }

    /** A chunk's parts, as {@link #encode} took them: id, value, id, value... */
    private static List<byte[]> decode(byte[] chunk) {
        List<byte[]> parts = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(chunk);
        while (in.hasRemaining()) {
            byte[] part = new byte[in.getInt()];
            in.get(part);
            parts.add(part);
        }
        return parts;
    }

    /** The ids ({@code from} 0) or the values ({@code from} 1) of ids and values. */
    private static List<byte[]> every(List<byte[]> idsAndValues, int from) {
        List<byte[]> every = new ArrayList<>();
        for (int i = from; i < idsAndValues.size(); i += 2) {
            every.add(idsAndValues.get(i));
        }
        return every;
    }

    /**
     * A key's ids, its chunks written, and what waits for the commit (id, value, ...).
     */
    private static final class Key {

        final Set<Bytes> ids = new HashSet<>();

        final List<byte[]> pending = new ArrayList<>();

        int chunks;

    }

    private record Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner) implements StoreBuilder<ChunkedRecords> {

        @Override
        public StoreBuilder<ChunkedRecords> withCachingEnabled() {
            throw new UnsupportedOperationException("a cache would only copy what this layer keeps");
        }

        @Override
        public StoreBuilder<ChunkedRecords> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<ChunkedRecords> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<ChunkedRecords> withLoggingDisabled() {
            return new Builder(inner.withLoggingDisabled());
        }

        @Override
        public ChunkedRecords build() {
            return new ChunkedRecords(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }

    }

}
