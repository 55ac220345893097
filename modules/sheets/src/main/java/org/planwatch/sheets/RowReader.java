package org.planwatch.sheets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the fields of one data row, collecting a {@link Problem} for each bad one instead
 * of stopping: the clerk gets every mistake of the file in one report.
 */
final class RowReader {

    private final Table.Line line;

    private final Columns columns;

    private final Map<String, Columns.Spec> specs;

    private final List<Problem> problems = new ArrayList<>();

    RowReader(Table.Line line, Columns columns, Map<String, Columns.Spec> specs) {
        this.line = line;
        this.columns = columns;
        this.specs = specs;
    }

    int number() {
        return line.number();
    }

    List<Problem> problems() {
        return problems;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    Cell cell(String key) {
        return columns.cell(line, key);
    }

    Cell cellAt(int index) {
        return line.cell(index);
    }

    /**
     * The column as headed in the file (its Chinese name when the file has no such
     * column).
     */
    String column(String key) {
        Columns.Spec spec = specs.get(key);
        return columns.header(key, spec == null ? key : spec.chinese());
    }

    String chinese(String key) {
        Columns.Spec spec = specs.get(key);
        return spec == null ? key : spec.chinese();
    }

    void problem(String key, String chinese, String english) {
        problemAt(column(key), chinese, english);
    }

    void problemAt(String column, String chinese, String english) {
        problems.add(Problem.of(line.number(), column, chinese, english));
    }

    /**
     * A required field is blank. Said once per row only when the file has the column: a
     * missing column is one problem on row 1, not one on every row.
     */
    void required(String key) {
        if (columns.has(key)) {
            problem(key, chinese(key) + "不能为空", key + " is required");
        }
    }

    /**
     * A formula that failed is never a value: say so instead of reading {@code #DIV/0!}
     * as text.
     */
    boolean formulaError(String column, Cell cell) {
        if (cell.error() == null) {
            return false;
        }
        problemAt(column, "单元格的公式出错（" + cell.error() + "）", "the cell's formula failed (" + cell.error() + ")");
        return true;
    }

    /** Free text, stripped; null when blank. */
    String text(String key, int max, boolean required) {
        Cell cell = cell(key);
        if (formulaError(column(key), cell)) {
            return null;
        }
        if (cell.blank()) {
            if (required) {
                required(key);
            }
            return null;
        }
        if (cell.text().length() > max) {
            problem(key, chinese(key) + "不能超过 " + max + " 个字符（现有 " + cell.text().length() + " 个）",
                    key + " is longer than " + max + " characters");
        }
        return cell.text();
    }

    /** An ASCII id matching {@code pattern}; null when blank or wrong. */
    String id(String key, Pattern pattern, boolean required) {
        Cell cell = cell(key);
        if (formulaError(column(key), cell)) {
            return null;
        }
        String id = Values.id(cell);
        if (id == null) {
            if (required) {
                required(key);
            }
            return null;
        }
        if (!pattern.matcher(id).matches()) {
            problem(key, chinese(key) + "「" + id + "」格式不正确，应为小写字母、数字和连字符（" + pattern.pattern() + "）",
                    key + " \"" + id + "\" must match " + pattern.pattern());
            return null;
        }
        return id;
    }

    /** A finite number, or null (blank, or wrong: a problem). */
    BigDecimal number(String column, Cell cell, String chineseName, String englishName) {
        if (cell.blank() || formulaError(column, cell)) {
            return null;
        }
        BigDecimal value = Values.number(cell);
        if (value == null) {
            problemAt(column, chineseName + "必须是数字（现为「" + cell.text() + "」）",
                    englishName + " must be a finite number, not \"" + cell.text() + "\"");
        }
        return value;
    }

    BigDecimal number(String key) {
        return number(column(key), cell(key), chinese(key), key);
    }

}
