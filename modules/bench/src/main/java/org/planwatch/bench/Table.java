package org.planwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The one table of a run: each figure, the limit or peer beside it, the ratio, the goal
 * and whether it is met.
 */
final class Table {

    /**
     * One figure. Made with {@link #of} and completed by the run that measured it, which
     * alone knows its reference and its goal.
     *
     * @param ratio ours / reference (null when there is no reference)
     * @param goal null when none
     * @param judged the figure the goal is judged on
     */
    record Row(String figure, String ours, String reference, Double ratio, Goal goal, Double judged) {

        static Row of(String figure, String ours) {
            return new Row(figure, ours, null, null, null, null);
        }

        /** A limit or peer beside ours, or what ours was measured at, without a ratio. */
        Row reference(String reference) {
            return new Row(figure, ours, reference, ratio, goal, judged);
        }

        /**
         * A limit or peer beside ours and ours / it; null when the peer could not be
         * measured.
         */
        Row against(String reference, Double ratio) {
            return new Row(figure, ours, reference, ratio, goal, judged);
        }

        /** A goal judged on the ratio. */
        Row goal(Goal goal) {
            return new Row(figure, ours, reference, ratio, goal, ratio);
        }

        /** A goal (none when null) judged on {@code figure}. */
        Row goal(Goal goal, double figure) {
            return new Row(this.figure, ours, reference, ratio, goal, figure);
        }

        Boolean met() {
            return goal == null ? null : goal.judge(judged);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        Boolean met = row.met();
        System.out.printf("%-60s %-22s %-32s %-8s %s%n", row.figure(), row.ours(), orEmpty(row.reference()),
                row.ratio() == null ? "" : String.format("%.2f", row.ratio()),
                row.goal() == null ? "" : row.goal().text() + (met == null ? "" : met ? "  met" : "  NOT met"));
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    String markdown(String heading, String machine) {
        StringBuilder md = new StringBuilder(heading).append("\n\n")
            .append(machine)
            .append("\n\n")
            .append("| figure | ours | limit or peer (same run) | ratio | goal | met |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Boolean met = r.met();
            md.append("| ")
                .append(r.figure())
                .append(" | ")
                .append(r.ours())
                .append(" | ")
                .append(orEmpty(r.reference()))
                .append(" | ")
                .append(r.ratio() == null ? "" : String.format("%.2f", r.ratio()))
                .append(" | ")
                .append(r.goal() == null ? "" : r.goal().text())
                .append(" | ")
                .append(met == null ? "" : met ? "yes" : "**no**")
                .append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    static String machine() throws IOException {
        String cpu = "unknown CPU";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).strip();
                break;
            }
        }
        long memKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Math.round(memKb / 1024.0 / 1024.0) + " GiB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version") + ", Kafka "
                + AppInfoParser.getVersion() + " (one broker, KRaft, on loopback, started by the harness)";
    }

}
