package org.planwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The one table of a run: each figure, the limit or peer beside it, the ratio, the goal and whether it is met. */
final class Table {

    /** @param ratio ours / reference (null when there is no reference); @param goal null when none */
    record Row(String figure, String ours, String reference, Double ratio, String goal, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String figure, String ours, String reference, Double ratio, String goal, Boolean met) {
        rows.add(new Row(figure, ours, reference, ratio, goal, met));
        System.out.printf("%-60s %-22s %-32s %-8s %s%n", figure, ours, reference == null ? "" : reference,
                ratio == null ? "" : String.format("%.2f", ratio), goal == null ? "" : goal + (met ? "  met" : "  NOT met"));
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    String markdown(String heading, String machine) {
        StringBuilder md = new StringBuilder(heading).append("\n\n").append(machine).append("\n\n")
                .append("| figure | ours | limit or peer (same run) | ratio | goal | met |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.figure()).append(" | ").append(r.ours()).append(" | ")
                    .append(r.reference() == null ? "" : r.reference()).append(" | ")
                    .append(r.ratio() == null ? "" : String.format("%.2f", r.ratio())).append(" | ")
                    .append(r.goal() == null ? "" : r.goal()).append(" | ")
                    .append(r.met() == null ? "" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
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
                + org.apache.kafka.common.utils.AppInfoParser.getVersion() + " (one broker, KRaft, on loopback, started by the harness)";
    }
}
