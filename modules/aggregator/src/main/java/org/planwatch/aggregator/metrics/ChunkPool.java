package org.planwatch.aggregator.metrics;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The chunks scrape bodies are laid out in: given back when a body's stream is closed,
 * taken again by the next, so that a scrape allocates neither one array of the body's
 * size (a humongous allocation per scrape) nor its chunks anew (ADR 0006).
 */
final class ChunkPool {

    /**
     * How long each chunk is: well under half a G1 region, so never a humongous
     * allocation.
     */
    static final int CHUNK = 256 * 1024;

    private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

    /** {@code count} chunks, those given back first. */
    byte[][] take(int count) {
        byte[][] chunks = new byte[count][];
        for (int c = 0; c < count; c++) {
            byte[] reused = free.poll();
            chunks[c] = reused != null ? reused : new byte[CHUNK];
        }
        return chunks;
    }

    /**
     * Keeps about one body's worth: scrapes at once take fresh chunks (small arrays,
     * never humongous), and what is beyond that is left to the GC.
     */
    void giveBack(byte[][] chunks) {
        int room = chunks.length - free.size();
        for (int c = 0; c < room; c++) {
            free.offer(chunks[c]);
        }
    }

    /** How many chunks wait for the next body. */
    int free() {
        return free.size();
    }

}
