package org.planwatch.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario table of the latest run, rewritten after every scenario into
 * {@code target/reliability.md} (copied into {@code RELIABILITY.md} by hand after a full
 * run).
 */
final class Report {

    record Row(String scenario, Verifier.Outcome outcome, Duration recovery, String notes) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private Report() {
    }

    static synchronized void add(String scenario, Verifier.Outcome outcome, Duration recovery, String notes) {
        ROWS.add(new Row(scenario, outcome, recovery, notes));
        write();
    }

    private static void write() {
        StringBuilder md = new StringBuilder();
        md.append("Run of ")
            .append(LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
            .append(" UTC on ")
            .append(Runtime.getRuntime().availableProcessors())
            .append(" cores, ")
            .append(System.getProperty("os.name"))
            .append(", Java ")
            .append(System.getProperty("java.version"))
            .append("\n\n| scenario | events | acknowledged | counted | lost | double-counted | phantom |"
                    + " wrong values | time to recover | notes |\n")
            .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : ROWS) {
            Verifier.Outcome o = r.outcome();
            md.append("| ")
                .append(r.scenario())
                .append(" | ")
                .append(o.planned())
                .append(" | ")
                .append(o.acknowledged())
                .append(" | ")
                .append(o.counted())
                .append(" | ")
                .append(o.lost())
                .append(" | ")
                .append(o.doubleCounted())
                .append(" | ")
                .append(o.phantom())
                .append(" | ")
                .append(o.wrongValues())
                .append(" | ")
                .append(r.recovery() == null ? "—" : String.format("%.1f s", r.recovery().toMillis() / 1000.0))
                .append(" | ")
                .append(r.notes())
                .append(" |\n");
        }
        try {
            Path file = Path.of(System.getProperty("planwatch.faults.report", "target/reliability.md"));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
