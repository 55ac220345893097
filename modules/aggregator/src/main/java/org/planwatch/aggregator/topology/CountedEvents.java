package org.planwatch.aggregator.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Every counted progress event of a task's initiatives, kept once (ADR 0019): the events
 * an initiative gets within a commit interval are written when Streams flushes the task's
 * stores before it commits, as one record, that initiative's chunk of that commit, into a
 * persistent, changelogged store. So one store write and one changelog record per
 * initiative per commit, where a store keyed by event wrote one per event.
 *
 * <p>
 * Whether an event is counted, and whether a counted event corrects it, is looked up in
 * memory among the initiative's ids, read from its chunks (a prefix scan) the first time
 * the task meets it. Ids grow with the history, so beyond {@code maxIds} in a task those
 * of the initiatives met least recently are dropped after a flush, and read again when
 * met. Everything held is dropped when the store is initialised again, as Streams does
 * after it aborts a transaction and restores the stores, so nothing of an aborted
 * transaction is read back.
 */
final class CountedEvents extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements CountedHistory {

    /** A counted event: its id, the id of the event it corrects (or null), its bytes. */
    record Entry(String id, String supersedes, byte[] value) {
    }

    private final int maxIds;

    /** The initiatives met, least recently met first. */
    private final LinkedHashMap<String, Known> known = new LinkedHashMap<>(16, 0.75f, true);

    private long idsHeld;

    /**
     * An initiative's events kept elsewhere before this store: taken from there (and
     * deleted) when the task first meets the initiative, and written into its next chunk.
     */
    private Function<String, List<Entry>> earlier = initiativeId -> List.of();

    private CountedEvents(KeyValueStore<Bytes, byte[]> beneath, int maxIds) {
        super(beneath);
        this.maxIds = maxIds;
    }

    static StoreBuilder<CountedEvents> builder(String name, int maxIds) {
        return builder(Stores.persistentKeyValueStore(name), maxIds);
    }

    static StoreBuilder<CountedEvents> builder(KeyValueBytesStoreSupplier beneath, int maxIds) {
        return new LayeredStoreBuilder<>(Stores.keyValueStoreBuilder(beneath, Serdes.Bytes(), Serdes.ByteArray()),
                store -> new CountedEvents(store, maxIds));
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        super.init(context, root);
    }

    /** Where an initiative's events counted before this store are taken from. */
    void takeEarlierFrom(Function<String, List<Entry>> earlier) {
        this.earlier = earlier;
    }

    boolean counted(String initiativeId, String eventId) {
        return known(initiativeId).ids.contains(eventId);
    }

    /** Whether a counted event of the initiative corrects {@code eventId}. */
    boolean corrected(String initiativeId, String eventId) {
        return known(initiativeId).corrected.contains(eventId);
    }

    /** What {@link #keep} found. */
    enum Kept {

        /** Counted before: nothing kept. */
        ALREADY_COUNTED,
        /** Kept, and no counted event corrects it. */
        NEW,
        /** Kept, and a counted event corrects it. */
        NEW_CORRECTED

    }

    /**
     * Keeps an event unless it is counted already: {@link #counted}, {@link #add} and
     * {@link #corrected} with one look-up of the initiative, as every event asks all
     * three.
     */
    Kept keep(String initiativeId, Entry entry) {
        Known events = known(initiativeId);
        if (!events.keep(entry)) {
            return Kept.ALREADY_COUNTED;
        }
        idsHeld++;
        return events.corrected.contains(entry.id()) ? Kept.NEW_CORRECTED : Kept.NEW;
    }

    /** Keeps an event not {@link #counted} yet; it is written at the next flush. */
    void add(String initiativeId, Entry entry) {
        if (keep(initiativeId, entry) == Kept.ALREADY_COUNTED) {
            throw new IllegalStateException("event " + entry.id() + " of " + initiativeId + " is counted already");
        }
    }

    /** The encoded events of the initiative, written or waiting for the next flush. */
    List<byte[]> values(String initiativeId) {
        Known events = known(initiativeId);
        List<byte[]> all = committed(initiativeId);
        for (Entry entry : events.pending) {
            all.add(entry.value());
        }
        return all;
    }

    @Override
    public List<byte[]> committed(String initiativeId) {
        List<byte[]> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> chunks = chunks(initiativeId)) {
            chunks.forEachRemaining(chunk -> decode(chunk.value, entry -> all.add(entry.value())));
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
            forget();
            super.close();
        }
    }

    /** How many ids the task holds in memory. */
    long idsHeld() {
        return idsHeld;
    }

    private void forget() {
        known.clear();
        idsHeld = 0;
    }

    private Known known(String initiativeId) {
        Known events = known.get(initiativeId);
        if (events == null) {
            events = read(initiativeId);
            known.put(initiativeId, events);
            for (Entry entry : earlier.apply(initiativeId)) {
                if (!events.ids.contains(entry.id())) {
                    add(initiativeId, entry);
                }
            }
        }
        return events;
    }

    private Known read(String initiativeId) {
        Known events = new Known();
        try (KeyValueIterator<Bytes, byte[]> chunks = chunks(initiativeId)) {
            chunks.forEachRemaining(chunk -> {
                events.chunks++;
                decode(chunk.value, entry -> {
                    events.ids.add(entry.id());
                    if (entry.supersedes() != null) {
                        events.corrected.add(entry.supersedes());
                    }
                });
            });
        }
        idsHeld += events.ids.size();
        return events;
    }

    private void write() {
        List<KeyValue<Bytes, byte[]>> chunks = new ArrayList<>();
        known.forEach((initiativeId, events) -> {
            if (!events.pending.isEmpty()) {
                chunks.add(KeyValue.pair(chunkKey(initiativeId, events.chunks++), encode(events.pending)));
                events.pending.clear();
            }
        });
        if (!chunks.isEmpty()) {
            wrapped().putAll(chunks);
        }
        // Nothing waits now: the ids of the initiatives met longest ago may go.
        Iterator<Known> eldest = known.values().iterator();
        while (idsHeld > maxIds && eldest.hasNext()) {
            idsHeld -= eldest.next().ids.size();
            eldest.remove();
        }
    }

    private KeyValueIterator<Bytes, byte[]> chunks(String initiativeId) {
        return wrapped().range(chunkKey(initiativeId, 0), chunkKey(initiativeId, Integer.MAX_VALUE));
    }

    /**
     * The initiative's id, its length, then the chunk's number, big-endian: an
     * initiative's chunks lie together in order, and the length begins with a zero byte,
     * which no id holds, so no longer id's chunks fall among them.
     */
    static Bytes chunkKey(String initiativeId, int chunk) {
        byte[] id = initiativeId.getBytes(StandardCharsets.UTF_8);
        return Bytes
            .wrap(ByteBuffer.allocate(id.length + 2 * Integer.BYTES).put(id).putInt(id.length).putInt(chunk).array());
    }

    /** Each entry as its id, the id it corrects (length -1 when none), its value. */
    static byte[] encode(List<Entry> entries) {
        List<byte[]> parts = new ArrayList<>(3 * entries.size());
        int size = 0;
        for (Entry entry : entries) {
            byte[] id = entry.id().getBytes(StandardCharsets.UTF_8);
            byte[] supersedes = entry.supersedes() == null ? null : entry.supersedes().getBytes(StandardCharsets.UTF_8);
            parts.add(id);
            parts.add(supersedes);
            parts.add(entry.value());
            size += 3 * Integer.BYTES + id.length + (supersedes == null ? 0 : supersedes.length) + entry.value().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            if (part == null) {
                out.putInt(-1);
            }
            else {
                out.putInt(part.length).put(part);
            }
        }
        return out.array();
    }

    static void decode(byte[] chunk, Consumer<Entry> each) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        while (in.hasRemaining()) {
            String id = text(in);
            String supersedes = text(in);
            byte[] value = new byte[in.getInt()];
            in.get(value);
            each.accept(new Entry(id, supersedes, value));
        }
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    /**
     * An initiative's counted ids, the ids its counted events correct, its chunks
     * written, and what waits for the flush.
     */
    private static final class Known {

        final Set<String> ids = new HashSet<>();

        final Set<String> corrected = new HashSet<>();

        final List<Entry> pending = new ArrayList<>();

        int chunks;

        /** Keeps the entry to write unless its id is counted; whether it kept it. */
        boolean keep(Entry entry) {
            if (!ids.add(entry.id())) {
                return false;
            }
            if (entry.supersedes() != null) {
                corrected.add(entry.supersedes());
            }
            pending.add(entry);
            return true;
        }

    }

}
