package org.planwatch.sheets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * The first visible sheet of an {@code .xlsx} (or old {@code .xls}) workbook, read with
 * Apache POI.
 */
final class ExcelReader {

    /**
     * Excel shows and saves (to CSV) at most 15 significant digits; rounding there makes
     * a formula's 0.30000000000000004 the 0.3 the clerk sees, so an xlsx and its CSV copy
     * say the same.
     */
    static final MathContext EXCEL_DIGITS = new MathContext(15);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ExcelReader() {
    }

    static Table read(byte[] content) throws Table.UnreadableFileException {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            if (workbook.getNumberOfSheets() == 0) {
                throw new Table.UnreadableFileException("工作簿中没有工作表", "the workbook has no sheet");
            }
            Sheet sheet = workbook.getSheetAt(workbook.getFirstVisibleTab());
            var headerRow = sheet.getRow(0);
            List<String> header = headerRow == null ? List.of() : cells(headerRow).stream().map(Cell::text).toList();
            List<Table.Line> rows = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                var row = sheet.getRow(r);
                List<Cell> cells = row == null ? List.of() : cells(row);
                if (cells.stream().allMatch(Cell::blank)) {
                    continue;
                }
                if (rows.size() == Table.MAX_ROWS) {
                    throw new Table.UnreadableFileException("数据行超过 " + Table.MAX_ROWS + " 行，请拆分文件",
                            "more than " + Table.MAX_ROWS + " data rows; split the file");
                }
                rows.add(new Table.Line(r + 1, cells));
            }
            return new Table(header, rows);
        }
        catch (IOException | RuntimeException e) {
            // POI says what it could not read (not a workbook, encrypted, truncated) in
            // its exception.
            throw new Table.UnreadableFileException("无法读取 Excel 文件：" + e.getMessage(),
                    "cannot read the Excel file: " + e.getMessage());
        }
    }

    // fully qualified: POI's Row and Cell, beside this package's own
    private static List<Cell> cells(org.apache.poi.ss.usermodel.Row row) {
        List<Cell> cells = new ArrayList<>();
        for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
            var cell = row.getCell(c);
            cells.add(cell == null ? Cell.BLANK : cell(cell));
        }
        return cells;
    }

    // fully qualified: POI's Row and Cell, beside this package's own
    private static Cell cell(org.apache.poi.ss.usermodel.Cell cell) {
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> Cell.text(cell.getStringCellValue());
            case NUMERIC -> numeric(cell);
            case BOOLEAN -> Cell.text(cell.getBooleanCellValue() ? "TRUE" : "FALSE");
            case ERROR -> Cell.error(FormulaError.forInt(cell.getErrorCellValue()).getString());
            default -> Cell.BLANK;
        };
    }

    // fully qualified: POI's Row and Cell, beside this package's own
    private static Cell numeric(org.apache.poi.ss.usermodel.Cell cell) {
        if (DateUtil.isCellDateFormatted(cell)) {
            // Serial dates carry float noise (16:59:59.9999); what Excel shows is the
            // nearest second.
            LocalDateTime value = cell.getLocalDateTimeCellValue();
            return Cell.date(value.plusNanos(500_000_000).truncatedTo(ChronoUnit.SECONDS));
        }
        BigDecimal value = BigDecimal.valueOf(cell.getNumericCellValue());
        String format = cell.getCellStyle() == null ? null : cell.getCellStyle().getDataFormatString();
        boolean percent = format != null && format.contains("%");
        if (percent) {
            value = value.multiply(HUNDRED);
        }
        return Cell.number(value.round(EXCEL_DIGITS).stripTrailingZeros(), percent);
    }

}
