package org.planwatch.sheets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Spreadsheets made in the test, cell types and all, as Excel would save them. */
final class TestSheets {

    /** A percent-formatted numeric cell: stores 0.45, shows 45%. */
    record Percent(double stored) {
    }

    /** A formula cell; its cached value is computed before saving, as Excel does. */
    record Formula(String formula) {
    }

    private TestSheets() {
    }

    /**
     * An .xlsx whose first sheet holds these rows: String → text, Number → numeric,
     * LocalDate → date-formatted, LocalDateTime → date-time-formatted, {@link Percent},
     * {@link Formula}, null → no cell.
     */
    static byte[] xlsx(List<List<Object>> rows) {
        try (Workbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CreationHelper helper = workbook.getCreationHelper();
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(helper.createDataFormat().getFormat("yyyy/m/d"));
            CellStyle dateTime = workbook.createCellStyle();
            dateTime.setDataFormat(helper.createDataFormat().getFormat("yyyy/m/d h:mm"));
            CellStyle percent = workbook.createCellStyle();
            percent.setDataFormat(helper.createDataFormat().getFormat("0%"));
            Sheet sheet = workbook.createSheet("进度");
            for (int r = 0; r < rows.size(); r++) {
                List<Object> values = rows.get(r);
                if (values == null) {
                    continue;
                }
                var row = sheet.createRow(r);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    if (value == null) {
                        continue;
                    }
                    var cell = row.createCell(c);
                    if (value instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    }
                    else if (value instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(date);
                    }
                    else if (value instanceof LocalDateTime t) {
                        cell.setCellValue(t);
                        cell.setCellStyle(dateTime);
                    }
                    else if (value instanceof Percent p) {
                        cell.setCellValue(p.stored());
                        cell.setCellStyle(percent);
                    }
                    else if (value instanceof Formula f) {
                        cell.setCellFormula(f.formula());
                    }
                    else {
                        cell.setCellValue(value.toString());
                    }
                }
            }
            helper.createFormulaEvaluator().evaluateAll();
            workbook.write(out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] csv(String text, Charset charset) {
        return text.getBytes(charset);
    }

    /** UTF-8 with the byte-order mark Excel's "CSV UTF-8" writes. */
    static byte[] csvWithBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + 3];
        all[0] = (byte) 0xef;
        all[1] = (byte) 0xbb;
        all[2] = (byte) 0xbf;
        System.arraycopy(body, 0, all, 3, body.length);
        return all;
    }

}
