package org.planwatch.sheets;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a spreadsheet held: its good rows and the problems of its bad ones. A row with any
 * problem is left out of {@code rows}. A problem with the file itself or its header (row
 * 0 or 1: unknown or missing column, say) leaves {@code rows} empty, since no row of it
 * can be trusted; the data rows are still checked, so the report is complete.
 *
 * @param rows the good rows, in file order
 * @param problems every problem found, by row then column order; row 1 (header) and row 0
 * (file) problems concern the whole file
 * @param dataRows how many non-blank data rows the file had (blank rows are skipped
 * silently)
 */
public record Parsed<T>(List<Row<T>> rows, List<Problem> problems, int dataRows) {

    public Parsed {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** Nothing wrong anywhere: every row can be sent. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * A problem with the file or its header: no row can be trusted, so nothing should be
     * sent.
     */
    public boolean fileProblems() {
        return problems.stream().anyMatch(p -> p.row() <= 1);
    }

    /** The data rows (row numbers) with at least one problem. */
    public Set<Integer> badRows() {
        Set<Integer> bad = new TreeSet<>();
        problems.stream().filter(p -> p.row() > 1).forEach(p -> bad.add(p.row()));
        return bad;
    }
}
