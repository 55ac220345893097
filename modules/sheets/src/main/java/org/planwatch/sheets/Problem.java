package org.planwatch.sheets;

/**
 * One thing wrong with a spreadsheet, where the clerk will look for it.
 *
 * @param row the row as Excel numbers it: the header is row 1, the first data row is row
 * 2; 0 for the file as a whole (unreadable, empty)
 * @param column the column's header as written in the file (or, for a missing column, its
 * Chinese name); empty for the file or the whole row
 * @param message what is wrong, in Chinese then English in brackets:
 * {@code 完成百分比必须在 0 到 100 之间 (percentComplete must be 0–100)}
 */
public record Problem(int row, String column, String message) {

    public Problem {
        column = column == null ? "" : column;
    }

    static Problem of(int row, String column, String chinese, String english) {
        return new Problem(row, column, chinese + " (" + english + ")");
    }

    /** One line of the report: {@code 第 3 行 [完成百分比] 完成百分比必须在 0 到 100 之间 (...)}. */
    public String describe() {
        String where = row == 0 ? "文件 (file)" : "第 " + row + " 行 (row " + row + ")";
        return column.isEmpty() ? where + ": " + message : where + " [" + column + "]: " + message;
    }
}
