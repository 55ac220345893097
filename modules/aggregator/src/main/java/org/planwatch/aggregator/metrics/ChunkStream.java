package org.planwatch.aggregator.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Reads a body laid out in chunks, and gives them back to their pool when closed: once,
 * and the stream is unreadable after. Closed by the thread that reads it; a stream never
 * closed leaves its chunks to the GC.
 */
final class ChunkStream extends InputStream {

    private static final int CHUNK = ChunkPool.CHUNK;

    private final long size;

    private final ChunkPool pool;

    private final byte[] one = new byte[1];

    private byte[][] chunks;

    private long at;

    ChunkStream(byte[][] chunks, long size, ChunkPool pool) {
        this.chunks = chunks;
        this.size = size;
        this.pool = pool;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (chunks == null) {
            throw new IOException("Stream closed");
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
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * How Spring MVC writes a whole body out ({@code ResourceHttpMessageConverter}):
     * chunk by chunk straight into the response, not through a buffer of InputStream's
     * own first (Tomcat hands a write larger than its response buffer on to the socket's
     * without copying it).
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (chunks == null) {
            throw new IOException("Stream closed");
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

    @Override
    public void close() {
        byte[][] mine = chunks;
        chunks = null;
        if (mine != null) {
            pool.giveBack(mine);
        }
    }

}
