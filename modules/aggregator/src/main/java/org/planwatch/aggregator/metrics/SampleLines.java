package org.planwatch.aggregator.metrics;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.planwatch.aggregator.metrics.InitiativeFamilies.Family;
import org.planwatch.aggregator.metrics.InitiativeFamilies.Kind;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.events.avro.Initiative;

/**
 * Writes the per-initiative families as Prometheus text (0.0.4) or OpenMetrics text: an
 * initiative's sample lines, the same in both formats, and each family's metadata lines,
 * which differ. A sample is a few byte copies, with no label set built, sorted or
 * validated per sample (ADR 0006); the tests hold the output to the Prometheus client's
 * and to promtool.
 */
final class SampleLines {

    private final List<Family> families;

    /** Each family's sample name and opening brace. */
    private final byte[][] prefixes;

    SampleLines(List<Family> families) {
        this.families = families;
        this.prefixes = families.stream()
            .map(f -> (f.sampleName() + "{").getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    }

    List<Family> families() {
        return families;
    }

    /**
     * The three labels every sample of the initiative carries, from its catalog entry.
     */
    static byte[] labels(Initiative initiative) {
        return ("initiative=\"" + escape(initiative.getId()) + "\",program=\"" + escape(initiative.getProgram())
                + "\",department=\"" + escape(initiative.getDepartment()) + "\"")
            .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes family {@code f}'s samples of {@code snapshot}, each with {@code labels}, to
     * {@code out}.
     */
    void write(int f, InitiativeSnapshot snapshot, byte[] labels, Bytes out) {
        Family family = families.get(f);
        byte[] prefix = prefixes[f];
        String plan = planOf(family, snapshot);
        family.samples().of(snapshot, (extraValue, value) -> {
            out.write(prefix);
            out.write(labels);
            if (extraValue != null) {
                out.write(',');
                out.writeAscii(family.extraLabel());
                out.write('=');
                out.write('"');
                out.write(escape(extraValue).getBytes(StandardCharsets.UTF_8));
                out.write('"');
            }
            if (plan != null) {
                out.writeAscii(",plan=\"");
                out.write(escape(plan).getBytes(StandardCharsets.UTF_8));
                out.write('"');
            }
            out.write('}');
            out.write(' ');
            out.writeDouble(value);
            out.write('\n');
        });
    }

    /**
     * The plan an initiative belongs to, on its info series only (ADR 0011); null for the
     * default plan and on every other family.
     */
    static String planOf(Family family, InitiativeSnapshot snapshot) {
        return family.kind() == Kind.INFO ? snapshot.state().getInitiative().getPlan() : null;
    }

    /** Family {@code f}'s HELP and TYPE lines. */
    byte[] metadata(int f, boolean openMetrics) {
        Family family = families.get(f);
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
        String type = family.kind() == Kind.COUNTER ? "counter" : "gauge";
        return ("# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n")
            .getBytes(StandardCharsets.UTF_8);
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

}
