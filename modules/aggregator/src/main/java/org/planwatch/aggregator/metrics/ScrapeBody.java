package org.planwatch.aggregator.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A scrape's body: the head, then family by family its metadata and every initiative's
 * samples of it, then the tail. It holds renderings, which never change, so it reads the
 * same however often it is opened (Spring MVC opens it once for a scrape, and again for
 * each range of a request that starts before where the last one ended).
 *
 * <p>
 * Each stream lays the body out in chunks of its own first: the renderings are kept
 * initiative by initiative and the body goes family by family, so each rendering is read
 * where it lies and copied once to its family's place, instead of visiting every
 * initiative's arrays out of memory order as the body is written (ADR 0006).
 */
final class ScrapeBody {

    private static final int CHUNK = ChunkPool.CHUNK;

    private final Rendering[] all;

    /** Each family's metadata lines, or null for a family the body leaves out. */
    private final byte[][] metadata;

    private final long[] familyBytes;

    private final byte[] head;

    private final int headLength;

    private final byte[] tail;

    private final long size;

    private final ChunkPool pool;

    ScrapeBody(Rendering[] all, byte[][] metadata, long[] familyBytes, byte[] head, int headLength, byte[] tail,
            long size, ChunkPool pool) {
        this.all = all;
        this.metadata = metadata;
        this.familyBytes = familyBytes;
        this.head = head;
        this.headLength = headLength;
        this.tail = tail;
        this.size = size;
        this.pool = pool;
    }

    long size() {
        return size;
    }

    /**
     * Lays the body out in chunks and reads it from them; close the stream to give them
     * back.
     */
    InputStream open() {
        return new ChunkStream(layOut(), size, pool);
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
        catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown: the stream reads memory
        }
        return out;
    }

    private byte[][] layOut() {
        byte[][] chunks = pool.take(Math.toIntExact((size + CHUNK - 1) / CHUNK));
        long at = put(chunks, head, 0, headLength, 0);
        long[] cursor = new long[metadata.length];
        for (int f = 0; f < metadata.length; f++) {
            if (metadata[f] != null) {
                cursor[f] = put(chunks, metadata[f], 0, metadata[f].length, at);
                at = cursor[f] + familyBytes[f];
            }
        }
        put(chunks, tail, 0, tail.length, at);
        for (Rendering one : all) {
            for (int f = 0; f < cursor.length; f++) {
                if (metadata[f] != null) {
                    cursor[f] = put(chunks, one.source(f), one.start(f), one.length(f), cursor[f]);
                }
            }
        }
        return chunks;
    }

    /**
     * Copies {@code length} bytes of {@code bytes} from {@code from} to {@code at};
     * returns the position after.
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

}
