package org.planwatch.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planwatch.bulletins.TestBulletins.NAMES;
import static org.planwatch.bulletins.TestBulletins.bulletin;
import static org.planwatch.bulletins.TestBulletins.item;
import static org.planwatch.events.avro.StatusHealth.AT_RISK;
import static org.planwatch.events.avro.StatusHealth.COMPLETED;
import static org.planwatch.events.avro.StatusHealth.OFF_TRACK;
import static org.planwatch.events.avro.StatusHealth.ON_TRACK;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.bulletins.BulletinFigures.Item;

class BulletinXlsxTests {

    private static BulletinFigures figures;

    private static XSSFWorkbook workbook;

    @BeforeAll
    static void write() throws IOException {
        figures = BulletinFigures
            .of(bulletin(item("g", "zjj", ON_TRACK, 0.6, 0.6).setReportsJudged(4).setReportsOnCadence(4),
                    item("y", "fgj", AT_RISK, 0.454, 0.6).setReportsJudged(4).setReportsOnCadence(3),
                    item("r", "jyj", OFF_TRACK, 0.35, 0.7).setReportsJudged(4).setReportsOnCadence(2).setOverdue(true),
                    item("c", "new-dept", COMPLETED, 1, 0.9)), NAMES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BulletinXlsx.write(figures, out);
        workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()));
    }

    @AfterAll
    static void close() throws IOException {
        workbook.close();
    }

    @Test
    void sheetsAreNamedForTheirReaders() {
        List<String> names = new ArrayList<>();
        workbook.forEach(sheet -> names.add(sheet.getSheetName()));

        assertThat(names).containsExactly("概况", "红黄灯事项", "本期变化", "部门排名", "全部事项");
    }

    @Test
    void redThenYellowInitiativesAreListedWithTheirLight() {
        Sheet sheet = workbook.getSheet("红黄灯事项");

        assertThat(text(sheet.getRow(0), 0)).isEqualTo("灯色");
        assertThat(sheet.getLastRowNum()).isEqualTo(2);
        assertThat(List.of(text(sheet.getRow(1), 0), text(sheet.getRow(1), 1), text(sheet.getRow(1), 2)))
            .containsExactly("红", "事项-r", "教育局");
        assertThat(List.of(text(sheet.getRow(2), 0), text(sheet.getRow(2), 1))).containsExactly("黄", "事项-y");
        assertThat(text(sheet.getRow(1), 7)).as("overdue").isEqualTo("是");
        assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
    }

    @Test
    void progressIsANumberEqualToTheFigures() {
        Sheet sheet = workbook.getSheet("红黄灯事项");
        Item yellow = figures.yellow().get(0);

        Cell progress = sheet.getRow(2).getCell(4);
        assertThat(progress.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(progress.getNumericCellValue()).isEqualTo(yellow.progress()).isEqualTo(45);
        assertThat(sheet.getRow(2).getCell(5).getNumericCellValue()).isEqualTo(60);
    }

    @Test
    void rankingSheetFollowsTheRankingWithSharesAsPercents() {
        Sheet sheet = workbook.getSheet("部门排名");

        List<String> departments = new ArrayList<>();
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            departments.add(text(sheet.getRow(r), 1));
        }
        assertThat(departments).containsExactly("住房城乡建设局", "发展改革局", "教育局", "new-dept");
        Cell share = sheet.getRow(2).getCell(4);
        assertThat(share.getNumericCellValue()).isEqualTo(0.75);
        assertThat(share.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
        assertThat(sheet.getRow(4).getCell(4)).as("nothing judged: no share, not 0 %").isNull();
        assertThat(sheet.getRow(4).getCell(0).getNumericCellValue()).isEqualTo(4);
    }

    @Test
    void everyInitiativeIsOnTheLastSheetInBulletinOrder() {
        Sheet sheet = workbook.getSheet("全部事项");

        List<String> ids = new ArrayList<>();
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            ids.add(text(sheet.getRow(r), 0));
        }
        assertThat(ids).containsExactly("g", "y", "r", "c");
        assertThat(text(sheet.getRow(4), 4)).isEqualTo("已完成");
        assertThat(sheet.getRow(4).getCell(5).getNumericCellValue()).isEqualTo(100);
    }

    @Test
    void overviewCountsEveryLight() {
        Sheet sheet = workbook.getSheet("概况");

        assertThat(text(sheet.getRow(0), 0)).isEqualTo("督查通报 第3期");
        int header = 0;
        while (!"灯色".equals(text(sheet.getRow(header), 0))) {
            header++;
        }
        List<String> lights = new ArrayList<>();
        for (int r = header + 1; r <= header + 5; r++) {
            lights.add(text(sheet.getRow(r), 0) + "=" + (long) sheet.getRow(r).getCell(1).getNumericCellValue());
        }
        assertThat(lights).containsExactly("绿=1", "黄=1", "红=1", "已完成=1", "未开始=0");
    }

    private static String text(Row row, int column) {
        return row == null || row.getCell(column) == null ? null : row.getCell(column).getStringCellValue();
    }

}
