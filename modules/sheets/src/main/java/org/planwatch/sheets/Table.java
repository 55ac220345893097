package org.planwatch.sheets;

import java.util.List;
import java.util.Locale;

/**
 * A spreadsheet's first sheet as a grid: the header (row 1) and the non-blank data rows,
 * whatever the file format. Everything the format could not give (unreadable file, no
 * header) is a problem on row 0.
 *
 * @param header the header cells' text, as written
 * @param rows the data rows that have at least one non-blank cell
 */
record Table(List<String> header, List<Line> rows) {

    /**
     * More would not be a department's monthly report; keeps a hostile upload bounded.
     */
    static final int MAX_ROWS = 50_000;

    /**
     * @param number row number as Excel shows it (header = 1)
     * @param cells one per column; may be shorter or longer than the header
     */
    record Line(int number, List<Cell> cells) {

        Cell cell(int column) {
            return column < cells.size() ? cells.get(column) : Cell.BLANK;
        }
    }

    /**
     * Reads {@code .xlsx}, {@code .xls} or {@code .csv} (chosen by the name's extension).
     */
    static Table read(byte[] content, String fileName) throws UnreadableFileException {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        if (content == null || content.length == 0) {
            throw new UnreadableFileException("文件是空的", "the file is empty");
        }
        if (name.endsWith(".xlsx") || name.endsWith(".xlsm") || name.endsWith(".xls")) {
            return ExcelReader.read(content);
        }
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return CsvReader.read(content);
        }
        throw new UnreadableFileException("不支持的文件类型「" + fileName + "」，请使用 .xlsx 或 .csv",
                "unsupported file type \"" + fileName + "\"; use .xlsx or .csv");
    }

    /** The file as a whole cannot be read as a table. */
    static final class UnreadableFileException extends Exception {

        private final transient Problem problem;

        UnreadableFileException(String chinese, String english) {
            super(english);
            this.problem = Problem.of(0, "", chinese, english);
        }

        Problem problem() {
            return problem;
        }

    }
}
