package org.planwatch.aggregator.metrics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.planwatch.aggregator.metrics.InitiativeFamilies.Family;
import org.planwatch.aggregator.metrics.InitiativeFamilies.Kind;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.events.avro.Initiative;

/**
 * Writes the per-initiative families straight to Prometheus text (0.0.4) or OpenMetrics text.
 *
 * <p>Why not the Prometheus client's own writer: at 10,000 initiatives its scrape took over a
 * second, and the profile (BENCHMARKS.md) put the time in per-sample work that this data does
 * not need: building, sorting and validating a label set per sample, then encoding char by char
 * through a buffered writer. Here every sample is a few byte copies. The output is checked
 * against Prometheus's own parser ({@code promtool check metrics}) in the tests, in both formats.
 *
 * <p>Each initiative's samples are rendered once per snapshot and kept: a snapshot is immutable (but for the slot it keeps its rendering in)
 * and replaced on every change (see {@link org.planwatch.aggregator.view.InitiativeView}), so
 * between two scrapes only the initiatives that changed are rendered again, and a scrape is
 * otherwise copies from the kept renderings into the body's reused chunks ({@link #body}). A
 * rendering is kept on its snapshot ({@link InitiativeSnapshot#rendering}), where the scrape finds
 * it, and by initiative, where the rendering of the next snapshot of the same state starts from. The
 * samples are the same in both formats; only the metadata lines differ. An evaluation pass
 * (every minute) gives a snapshot a new verdict on the same state: then only the families that
 * read a part of the verdict that moved ({@link Family#reads}) are rendered again.
 */
final class InitiativeText {

    private final List<Family> families;
    /** Each family's sample name and opening brace. */
    private final byte[][] prefixes;
    /**
     * By initiative id, the last rendering of each: where the next snapshot of the same state (an
     * evaluation pass) starts from, where a scrape looks when a snapshot's slot has none of this
     * text's, and what {@link #isRendered} and {@link #renderAhead} read.
     */
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();
    /** Identifies this text's renderings on the snapshots. */
    private final Object key = new Object();
    /** Chunks of bodies whose streams were closed, for the next scrape's (as many as the most scrapes at once used). */
    private final Queue<byte[]> freeChunks = new ConcurrentLinkedQueue<>();

    InitiativeText(List<Family> families) {
        if (families.size() > Long.SIZE) {
            throw new IllegalArgumentException("A rendering marks its patched families in a long: at most 64 families");
        }
        this.families = families;
        this.prefixes = families.stream().map(f -> (f.sampleName() + "{").getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /**
     * One initiative's sample lines, family after family in one array ({@code lines}), not one
     * array per family: a scrape reads every initiative's, and 17 small arrays each were 17 places
     * in memory to fetch (JFR put a third of the scrape's own work on reading their lengths and
     * their first bytes). A new verdict on the same state (an evaluation pass) shares
     * {@code lines} and writes the families that read what moved to a small {@code patch} of its
     * own (with those a patch before it held): copying every line for a pass that moves one
     * family made the pass allocate five times what it did, and the young collections that
     * followed landed in scrapes. Family {@code f}'s lines are {@code bounds[2f]} to
     * {@code bounds[2f + 1]} of the patch when bit {@code f} of {@code patched} is set, else of
     * {@code lines}. {@code labels} are the three every sample carries (from the catalog entry).
     * {@code owner}: the key of the text that made it ({@link #key}), the only one that may use it
     * from the snapshot's slot (a key, not the text, so that a snapshot keeps no text's chunks alive).
     */
    private record Rendered(Object owner, InitiativeSnapshot snapshot, byte[] lines, byte[] patch, long patched,
            int[] bounds, byte[] labels) {

        boolean isPatched(int family) {
            return (patched >>> family & 1) != 0;
        }

        byte[] source(int family) {
            return isPatched(family) ? patch : lines;
        }

        int start(int family) {
            return bounds[2 * family];
        }

        int length(int family) {
            return bounds[2 * family + 1] - bounds[2 * family];
        }
    }

    private static final byte[] NO_PATCH = new byte[0];

    /**
     * @param included the family names to write (as {@link Family#name}), or null for all
     * @param openMetrics OpenMetrics 1.0 metadata lines instead of the 0.0.4 ones (the samples are the same)
     */
    byte[] write(Collection<InitiativeSnapshot> snapshots, Set<String> included, boolean openMetrics) {
        return body(snapshots, included, openMetrics, new byte[0], 0, new byte[0]).toArray();
    }

    /**
     * The families between {@code head} (its first {@code headLength} bytes: what else the scrape
     * holds) and {@code tail}: the renderings it is made of and its size. Each {@link Body#open}
     * lays it out in order in reused chunks ({@link #CHUNK}) and reads it from them. Laid out
     * because the body is written family by family while the renderings are kept initiative by
     * initiative: streamed straight from them, a scrape visited 850,000 small arrays out of memory
     * order at 50,000 initiatives, and JFR put nearly half of the scrape thread's samples there.
     * Here they are read in the order they lie, each copied once to its family's place. Reused
     * chunks, because one fresh array of the body's size (57 MB at 50,000 initiatives) was a
     * humongous allocation per scrape and, in the benchmark, full GCs.
     */
    Body body(Collection<InitiativeSnapshot> snapshots, Set<String> included, boolean openMetrics, byte[] head,
            int headLength, byte[] tail) {
        Rendered[] all = new Rendered[snapshots.size()];
        long[] familyBytes = new long[families.size()];
        int n = 0;
        Bytes scratch = new Bytes(4096);
        for (InitiativeSnapshot snapshot : snapshots) {
            Rendered one = rendered(snapshot, scratch);
            all[n++] = one;
            int[] bounds = one.bounds;
            for (int f = 0; f < familyBytes.length; f++) {
                familyBytes[f] += bounds[2 * f + 1] - bounds[2 * f];
            }
        }
        if (rendered.size() > all.length) {
            forgetAllBut(all);
        }
        byte[][] metadata = new byte[families.size()][];
        long size = (long) headLength + tail.length;
        for (int f = 0; f < families.size(); f++) {
            if (included != null && !included.contains(families.get(f).name())) {
                continue;
            }
            if (familyBytes[f] > 0) { // a family with no samples is left out, as the Prometheus client does
                metadata[f] = metadata(families.get(f), openMetrics);
                size += metadata[f].length + familyBytes[f];
            }
        }
        return new Body(all, metadata, familyBytes, head, headLength, tail, size, freeChunks);
    }

    /** How long each of a body's chunks is: well under half a G1 region, so never a humongous allocation. */
    static final int CHUNK = 256 * 1024;

    /**
     * A scrape's body: the head, then family by family its metadata and every initiative's
     * samples of it, then the tail. It holds renderings, which never change, so it reads the same
     * however often it is opened. Each stream has chunks of its own and gives them back when it is
     * closed; a stream never closed leaves them to the GC. (Spring MVC opens the body once for a
     * scrape, and again for each range of a request that starts before where the last one ended.)
     */
    static final class Body {
        private final Rendered[] all;
        private final byte[][] metadata;
        private final long[] familyBytes;
        private final byte[] head;
        private final int headLength;
        private final byte[] tail;
        private final long size;
        private final Queue<byte[]> free;

        private Body(Rendered[] all, byte[][] metadata, long[] familyBytes, byte[] head, int headLength, byte[] tail,
                long size, Queue<byte[]> free) {
            this.all = all;
            this.metadata = metadata;
            this.familyBytes = familyBytes;
            this.head = head;
            this.headLength = headLength;
            this.tail = tail;
            this.size = size;
            this.free = free;
        }

        long size() {
            return size;
        }

        /** Lays the body out in chunks and reads it from them; close the stream to give them back. */
        InputStream open() {
            return new Reader(layOut());
        }

        byte[] toArray() {
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("A body of " + size + " bytes does not fit one array");
            }
            byte[] out = new byte[(int) size];
            try (InputStream in = open()) {
                int read = in.read(out, 0, out.length);
                if (size > 0 && read != size) {
                    throw new IllegalStateException("Read " + read + " of " + size + " bytes");
                }
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // not thrown: the reader reads memory
            }
            return out;
        }

        private byte[][] layOut() {
            byte[][] chunks = new byte[Math.toIntExact((size + CHUNK - 1) / CHUNK)][];
            for (int c = 0; c < chunks.length; c++) {
                byte[] reused = free.poll();
                chunks[c] = reused != null ? reused : new byte[CHUNK];
            }
            long at = put(chunks, head, 0, headLength, 0);
            long[] cursor = new long[metadata.length];
            for (int f = 0; f < metadata.length; f++) {
                if (metadata[f] != null) {
                    cursor[f] = put(chunks, metadata[f], 0, metadata[f].length, at);
                    at = cursor[f] + familyBytes[f];
                }
            }
            put(chunks, tail, 0, tail.length, at);
            for (Rendered one : all) {
                for (int f = 0; f < cursor.length; f++) {
                    if (metadata[f] != null) {
                        cursor[f] = put(chunks, one.source(f), one.start(f), one.length(f), cursor[f]);
                    }
                }
            }
            return chunks;
        }

        /**
         * Copies {@code length} bytes of {@code bytes} from {@code from} to position {@code at} of the
         * body; returns the position after them.
         */
        private static long put(byte[][] chunks, byte[] bytes, int from, int length, long at) {
            int end = from + length;
            while (from < end) {
                int chunk = (int) (at / CHUNK);
                int offset = (int) (at % CHUNK);
                int k = Math.min(end - from, CHUNK - offset);
                System.arraycopy(bytes, from, chunks[chunk], offset, k);
                from += k;
                at += k;
            }
            return at;
        }

        private final class Reader extends InputStream {
            private final byte[] one = new byte[1];
            private byte[][] chunks;
            private long at;

            Reader(byte[][] chunks) {
                this.chunks = chunks;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws java.io.IOException {
                if (chunks == null) {
                    throw new java.io.IOException("Stream closed");
                }
                int n = 0;
                while (n < length && at < size) {
                    int chunk = (int) (at / CHUNK);
                    int within = (int) (at % CHUNK);
                    int k = (int) Math.min(Math.min(length - n, CHUNK - within), size - at);
                    System.arraycopy(chunks[chunk], within, into, offset + n, k);
                    at += k;
                    n += k;
                }
                return n == 0 && length > 0 ? -1 : n;
            }

            @Override
            public int read() throws java.io.IOException {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            /**
             * How Spring MVC writes a whole body out ({@code ResourceHttpMessageConverter}): chunk by
             * chunk straight into the response, instead of InputStream's copy of every byte through
             * a buffer of its own first (8 KiB on Java 17; Tomcat hands a write larger than its response buffer
             * on to the socket's without copying it into its own).
             */
            @Override
            public long transferTo(java.io.OutputStream out) throws java.io.IOException {
                Objects.requireNonNull(out, "out");
                if (chunks == null) {
                    throw new java.io.IOException("Stream closed");
                }
                long from = at;
                while (at < size) {
                    int within = (int) (at % CHUNK);
                    int k = (int) Math.min(CHUNK - within, size - at);
                    out.write(chunks[(int) (at / CHUNK)], within, k);
                    at += k;
                }
                return at - from;
            }

            /** Spring MVC skips to a range's start: no copying on the way there. */
            @Override
            public long skip(long n) {
                long skipped = Math.max(0, Math.min(n, size - at));
                at += skipped;
                return skipped;
            }

            /**
             * Gives the chunks back, once; the stream is unreadable after. Called by the thread that
             * reads it. The pool keeps about one body's worth: scrapes at once take fresh chunks
             * (small arrays, never humongous) and the extra ones are left to the GC.
             */
            @Override
            public void close() {
                byte[][] mine = chunks;
                chunks = null;
                if (mine != null) {
                    int room = mine.length - free.size();
                    for (int c = 0; c < room; c++) {
                        free.offer(mine[c]);
                    }
                }
            }
        }
    }

    /**
     * Renders again, off the scrape, the initiatives in {@code snapshots} whose kept rendering is
     * of an older snapshot: after an evaluation pass has given every initiative a new verdict at
     * once, so that the next scrape finds the renderings kept instead of making them (at 10,000
     * initiatives the first scrape after a pass took up to twice as long as the others, its
     * profile in {@link #render}). One never rendered is left to the scrape, so an instance that
     * nobody scrapes keeps no renderings.
     *
     * <p>From the last to the first: a scrape that comes while this is under way renders what it
     * finds missing itself, from the first on, and in the same order the two threads rendered
     * the same initiatives side by side once the scrape had caught up (the slowest scrape at
     * 10,000 of a full run of the harness, 107 ms against a median of 56, ran beside the
     * render-ahead and the pass). In opposite orders they meet in the middle, each rendering a part.
     */
    void renderAhead(List<InitiativeSnapshot> snapshots) {
        Bytes scratch = new Bytes(4096);
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            InitiativeSnapshot snapshot = snapshots.get(i);
            if (rendered.containsKey(snapshot.id())) {
                rendered(snapshot, scratch);
            }
        }
    }

    /** Whether the rendering kept for this snapshot's initiative is of this very snapshot. */
    boolean isRendered(InitiativeSnapshot snapshot) {
        Rendered kept = rendered.get(snapshot.id());
        return kept != null && kept.snapshot() == snapshot;
    }

    /** {@code scratch}: where a rendering is written before it is copied to an array of its size. */
    private Rendered rendered(InitiativeSnapshot snapshot, Bytes scratch) {
        if (snapshot.rendering() instanceof Rendered onIt && onIt.owner() == key) {
            return onIt;
        }
        String id = snapshot.id();
        Rendered kept = rendered.get(id);
        if (kept == null || kept.snapshot() != snapshot) {
            // Same state, new verdict (an evaluation pass): the families that did not move are kept as they were.
            kept = render(snapshot, kept != null && kept.snapshot().state() == snapshot.state() ? kept : null, scratch);
            rendered.put(id, kept);
        }
        snapshot.rendering(kept);
        return kept;
    }

    /** How many initiatives' renderings are kept. */
    int kept() {
        return rendered.size();
    }

    /** How many chunks wait for the next body (for the tests). */
    int freeChunks() {
        return freeChunks.size();
    }

    /** Drops the renderings of initiatives this instance no longer exports (their task moved away). */
    private void forgetAllBut(Rendered[] current) {
        Set<String> ids = new HashSet<>(current.length * 2);
        for (Rendered one : current) {
            ids.add(one.snapshot().id());
        }
        rendered.keySet().retainAll(ids);
    }

    private Rendered render(InitiativeSnapshot snapshot, Rendered sameState, Bytes out) {
        Initiative initiative = snapshot.state().getInitiative();
        byte[] labels = sameState != null ? sameState.labels()
                : ("initiative=\"" + escape(initiative.getId()) + "\",program=\"" + escape(initiative.getProgram())
                        + "\",department=\"" + escape(initiative.getDepartment()) + "\"").getBytes(StandardCharsets.UTF_8);
        int[] bounds = new int[2 * families.size()];
        long patched = sameState == null ? 0 : sameState.patched();
        out.clear();
        for (int f = 0; f < families.size(); f++) {
            Family family = families.get(f);
            // Same state: a family is kept as it was unless it reads a part of the verdict that moved.
            if (sameState != null && (!family.judged() || Objects.equals(family.reads().apply(sameState.snapshot().verdict()),
                    family.reads().apply(snapshot.verdict())))) {
                if (sameState.isPatched(f)) {
                    bounds[2 * f] = out.size();
                    out.write(sameState.patch(), sameState.start(f), sameState.length(f));
                    bounds[2 * f + 1] = out.size();
                }
                else {
                    bounds[2 * f] = sameState.start(f);
                    bounds[2 * f + 1] = sameState.start(f) + sameState.length(f);
                }
                continue;
            }
            if (sameState != null) {
                patched |= 1L << f;
            }
            bounds[2 * f] = out.size();
            byte[] prefix = prefixes[f];
            Bytes sink = out;
            family.samples().of(snapshot, (extraValue, value) -> {
                sink.write(prefix);
                sink.write(labels);
                if (extraValue != null) {
                    sink.write(',');
                    sink.writeAscii(family.extraLabel());
                    sink.write('=');
                    sink.write('"');
                    sink.write(escape(extraValue).getBytes(StandardCharsets.UTF_8));
                    sink.write('"');
                }
                sink.write('}');
                sink.write(' ');
                sink.writeDouble(value);
                sink.write('\n');
            });
            bounds[2 * f + 1] = out.size();
        }
        return sameState == null ? new Rendered(key, snapshot, out.toArray(), NO_PATCH, 0, bounds, labels)
                : new Rendered(key, snapshot, sameState.lines(), out.toArray(), patched, bounds, labels);
    }

    private static byte[] metadata(Family family, boolean openMetrics) {
        String help = family.help().replace("\\", "\\\\").replace("\n", "\\n");
        if (openMetrics) {
            String type = switch (family.kind()) {
                case GAUGE -> "gauge";
                case COUNTER -> "counter";
                case INFO -> "info";
            };
            return ("# TYPE " + family.name() + " " + type + "\n# HELP " + family.name() + " " + help + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        // 0.0.4 has no info or counter-without-suffix: the names are the samples' names.
        String name = family.sampleName();
        return ("# HELP " + name + " " + help + "\n# TYPE " + name + " " + (family.kind() == Kind.COUNTER ? "counter" : "gauge")
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Label value escaping, the same in both formats. */
    static String escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '\n') {
                return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            }
        }
        return value;
    }

    /** A growable byte array; unsynchronized, unlike ByteArrayOutputStream. */
    static final class Bytes {
        private byte[] buffer;
        private int size;

        Bytes(int capacity) {
            buffer = new byte[Math.max(capacity, 1024)];
        }

        int size() {
            return size;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        void write(byte[] bytes, int from, int length) {
            ensure(length);
            System.arraycopy(bytes, from, buffer, size, length);
            size += length;
        }

        void writeAscii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buffer[size++] = (byte) s.charAt(i);
            }
        }

        /** As Prometheus parses it: integers without a fraction, then Java's shortest round-trip form. */
        void writeDouble(double v) {
            if (v == (long) v && Math.abs(v) < 1e15) {
                writeLong((long) v);
            }
            else if (Double.isNaN(v)) {
                writeAscii("NaN");
            }
            else if (Double.isInfinite(v)) {
                writeAscii(v > 0 ? "+Inf" : "-Inf");
            }
            else {
                writeAscii(Double.toString(v));
            }
        }

        private void writeLong(long v) {
            if (v == 0) {
                write('0');
                return;
            }
            ensure(21);
            if (v < 0) {
                buffer[size++] = '-';
                v = -v;
            }
            int end = size + 19;
            int at = end;
            while (v > 0) {
                buffer[--at] = (byte) ('0' + v % 10);
                v /= 10;
            }
            int digits = end - at;
            System.arraycopy(buffer, at, buffer, size, digits);
            size += digits;
        }

        void clear() {
            size = 0;
        }

        byte[] toArray() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
