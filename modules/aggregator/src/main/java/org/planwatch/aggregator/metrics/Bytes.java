package org.planwatch.aggregator.metrics;

import java.util.Arrays;

/** A growable byte array; unsynchronized, unlike ByteArrayOutputStream. */
final class Bytes {

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

    /**
     * As Prometheus parses it: integers without a fraction, then Java's shortest
     * round-trip form.
     */
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
