package org.planwatch.bulletins;

import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Rows appended to one sheet of a streaming workbook: text as text, numbers as numbers,
 * shares as percents.
 */
final class SheetWriter {

    /**
     * A share (0-1) shown as a percent and kept as a number, so Excel can sort and sum
     * it.
     */
    record Percent(double fraction) {
    }

    /**
     * The workbook's cell styles: a workbook holds at most 64,000 of them, so each is
     * made once.
     */
    record Styles(CellStyle header, CellStyle percent, CellStyle title) {

        static Styles of(SXSSFWorkbook workbook) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle percent = workbook.createCellStyle();
            percent.setDataFormat(workbook.createDataFormat().getFormat("0.0%"));
            Font large = workbook.createFont();
            large.setBold(true);
            large.setFontHeightInPoints((short) 14);
            CellStyle title = workbook.createCellStyle();
            title.setFont(large);
            return new Styles(header, percent, title);
        }
    }

    private final SXSSFSheet sheet;

    private final Styles styles;

    private int next;

    SheetWriter(SXSSFWorkbook workbook, String name, Styles styles) {
        this.sheet = workbook.createSheet(name);
        this.styles = styles;
    }

    /** Column widths in characters; a Chinese character counts as two. */
    SheetWriter widths(int... characters) {
        for (int c = 0; c < characters.length; c++) {
            sheet.setColumnWidth(c, Math.min(255, characters[c]) * 256);
        }
        return this;
    }

    void title(String text) {
        Cell cell = sheet.createRow(next++).createCell(0);
        cell.setCellValue(text);
        cell.setCellStyle(styles.title());
    }

    void header(String... titles) {
        Row row = sheet.createRow(next++);
        for (int c = 0; c < titles.length; c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(titles[c]);
            cell.setCellStyle(styles.header());
        }
    }

    /** A header that stays in view while the rows below it scroll. */
    void frozenHeader(String... titles) {
        header(titles);
        sheet.createFreezePane(0, next);
    }

    /**
     * String: text; Number: numeric; {@link Percent}: percent-formatted numeric; Boolean:
     * 是/否; null: no cell.
     */
    void row(Object... values) {
        Row row = sheet.createRow(next++);
        for (int c = 0; c < values.length; c++) {
            Object value = values[c];
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(c);
            if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            }
            else if (value instanceof Percent p) {
                cell.setCellValue(p.fraction());
                cell.setCellStyle(styles.percent());
            }
            else if (value instanceof Boolean b) {
                cell.setCellValue(b ? "是" : "否");
            }
            else {
                cell.setCellValue(fit(value.toString()));
            }
        }
    }

    void skip() {
        next++;
    }

    /**
     * Excel refuses a cell of more than 32,767 characters; a long note is cut rather than
     * losing the workbook.
     */
    private static String fit(String text) {
        int max = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

}
