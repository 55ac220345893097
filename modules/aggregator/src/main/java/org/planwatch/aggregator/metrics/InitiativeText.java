package org.planwatch.aggregator.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

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
 * through a buffered writer. Here each initiative's three labels are escaped and encoded once per
 * scrape, and every sample is a few byte copies. The output is checked against Prometheus's own
 * parser ({@code promtool check metrics}) in the tests, in both formats.
 */
final class InitiativeText {

    private final List<Family> families;

    InitiativeText(List<Family> families) {
        this.families = families;
    }

    /**
     * @param included the family names to write (as {@link Family#name}), or null for all
     * @param openMetrics OpenMetrics 1.0 metadata lines instead of the 0.0.4 ones (the samples are the same)
     */
    byte[] write(Collection<InitiativeSnapshot> snapshots, Set<String> included, boolean openMetrics, int sizeHint) {
        Bytes out = new Bytes(sizeHint);
        InitiativeSnapshot[] all = snapshots.toArray(InitiativeSnapshot[]::new);
        byte[][] labels = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            Initiative initiative = all[i].state().getInitiative();
            labels[i] = ("initiative=\"" + escape(initiative.getId()) + "\",program=\"" + escape(initiative.getProgram())
                    + "\",department=\"" + escape(initiative.getDepartment()) + "\"").getBytes(StandardCharsets.UTF_8);
        }
        for (Family family : families) {
            if (included != null && !included.contains(family.name())) {
                continue;
            }
            byte[] prefix = (family.sampleName() + "{").getBytes(StandardCharsets.UTF_8);
            byte[] extra = family.extraLabel() == null ? null : ("," + family.extraLabel() + "=\"").getBytes(StandardCharsets.UTF_8);
            boolean[] any = {false};
            for (int i = 0; i < all.length; i++) {
                byte[] own = labels[i];
                family.samples().of(all[i], (extraValue, value) -> {
                    if (!any[0]) {
                        any[0] = true;
                        metadata(out, family, openMetrics);
                    }
                    out.write(prefix);
                    out.write(own);
                    if (extraValue != null) {
                        out.write(extra);
                        out.write(escape(extraValue).getBytes(StandardCharsets.UTF_8));
                        out.write('"');
                    }
                    out.write('}');
                    out.write(' ');
                    out.writeDouble(value);
                    out.write('\n');
                });
            }
        }
        return out.toArray();
    }

    /** A family with no samples is left out, as the Prometheus client does. */
    private static void metadata(Bytes out, Family family, boolean openMetrics) {
        String help = family.help().replace("\\", "\\\\").replace("\n", "\\n");
        if (openMetrics) {
            String type = switch (family.kind()) {
                case GAUGE -> "gauge";
                case COUNTER -> "counter";
                case INFO -> "info";
            };
            out.writeAscii("# TYPE " + family.name() + " " + type + "\n");
            out.write(("# HELP " + family.name() + " " + help + "\n").getBytes(StandardCharsets.UTF_8));
        }
        else {
            // 0.0.4 has no info or counter-without-suffix: the names are the samples' names.
            String name = family.sampleName();
            out.write(("# HELP " + name + " " + help + "\n").getBytes(StandardCharsets.UTF_8));
            out.writeAscii("# TYPE " + name + " " + (family.kind() == Kind.COUNTER ? "counter" : "gauge") + "\n");
        }
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
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
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

        byte[] toArray() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
