package org.planwatch.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes {@code templates/progress-template.xlsx} from
 * {@code templates/progress-template.csv}, with the cells typed as a clerk's Excel would
 * have them (dates as date cells, numbers as numbers) and a second sheet of instructions.
 * The committed file was made by this; run it again after changing the CSV template, from
 * the repository's root folder: <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl modules/importer
 * java -cp "$(cat"
         + " modules/importer/target/cp.txt):modules/importer/target/test-classes:modules/importer/target/classes" \
 *     org.planwatch.importer.TemplateFiles
 * </pre> {@code TemplatesTests} fails when the committed xlsx and the CSV template say
 * different things.
 */
final class TemplateFiles {

    static final List<String> INSTRUCTIONS = List.of("填写说明 (how to fill in)",
            "第 1 行是表头，不要改动；每行一份进度报告。Row 1 is the header; one report per row.", "事项编号 initiativeId：事项目录中的编号（必填）。",
            "日期 occurredAt：报告所述日期，如 2026-06-30；只写日期表示当天 17:00（北京时间）（必填）。", "完成百分比 percentComplete：0 到 100。",
            "指标:<指标编号> kpis：每个指标一列，填当前数值；列名如 指标:villas-one-policy。", "里程碑 milestones：已达成的里程碑编号，多个用 、 或逗号分隔。",
            "自评状态 declaredHealth：正常、有风险、滞后、受阻、已完成。", "备注 note：不超过 2000 字。", "填报人 reportedBy：必填，不超过 100 字。",
            "事件编号 eventId：可不填；不填时按内容生成，同一内容重复导入只计一次。", "完成百分比、指标、里程碑、自评状态、备注至少填一项。",
            "先试运行检查：importer progress 本文件 --url <地址> --dry-run");

    private TemplateFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path templates = args.length > 0 ? Path.of(args[0]) : Path.of("templates");
        try (OutputStream out = Files.newOutputStream(templates.resolve("progress-template.xlsx"))) {
            out.write(
                    progressXlsx(Files.readString(templates.resolve("progress-template.csv"), StandardCharsets.UTF_8)));
        }
    }

    static byte[] progressXlsx(String csv) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                CSVParser parser = CSVParser.builder()
                    .setReader(new StringReader(csv.replace("\uFEFF", "")))
                    .setFormat(CSVFormat.RFC4180)
                    .get()) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Sheet sheet = workbook.createSheet("进度报告");
            List<CSVRecord> records = parser.getRecords();
            for (int r = 0; r < records.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < records.get(r).size(); c++) {
                    String value = records.get(r).get(c);
                    if (value.isEmpty()) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (r == 0) {
                        cell.setCellValue(value);
                        cell.setCellStyle(header);
                    }
                    else if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                        cell.setCellValue(LocalDate.parse(value));
                        cell.setCellStyle(date);
                    }
                    else if (value.matches("-?\\d+(\\.\\d+)?")) {
                        cell.setCellValue(Double.parseDouble(value));
                    }
                    else {
                        cell.setCellValue(value);
                    }
                }
            }
            for (int c = 0; c < records.get(0).size(); c++) {
                sheet.setColumnWidth(c, 22 * 256);
            }
            sheet.createFreezePane(0, 1);
            Sheet help = workbook.createSheet("填写说明");
            for (int i = 0; i < INSTRUCTIONS.size(); i++) {
                help.createRow(i).createCell(0).setCellValue(INSTRUCTIONS.get(i));
            }
            help.setColumnWidth(0, 100 * 256);
            workbook.write(bytes);
            return bytes.toByteArray();
        }
    }

}
