package org.planwatch.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.planwatch.sheets.TestSheets.Formula;
import org.planwatch.sheets.TestSheets.Percent;

class ProgressSheetTests {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);
    static final ReadOptions OPTIONS = ReadOptions.defaults().withClock(NOW);
    static final List<Object> HEADER = List.of("事项编号", "日期", "完成百分比", "指标:villas", "里程碑", "自评状态", "备注", "填报人");
    static final String CSV = """
            事项编号,日期,完成百分比,指标:villas,里程碑,自评状态,备注,填报人
            villa-investment-campaign,2026/6/30,45%,36,"m1、m2",正常,"已签约三十六栋，另有 5 栋在谈",商务局 王科长
            trade-fair-participation,2026-05-31 15:30,,,jinqiahui,有风险,,商务局 李明
            """;

    static Parsed<ProgressReport> read(byte[] content, String name) {
        return ProgressSheet.read(content, name, OPTIONS);
    }

    static Parsed<ProgressReport> csv(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8), "进度.csv");
    }

    static byte[] xlsxOfTheCsv() {
        return TestSheets.xlsx(List.of(HEADER,
                Arrays.asList("villa-investment-campaign", LocalDate.of(2026, 6, 30), new Percent(0.45),
                        new Formula("30+6"), "m1、m2", "正常", "已签约三十六栋，另有 5 栋在谈", "商务局 王科长"),
                Arrays.asList("trade-fair-participation", LocalDateTime.of(2026, 5, 31, 15, 30), null, null,
                        "jinqiahui", "有风险", null, "商务局 李明")));
    }

    @Test
    void xlsxCellsAreReadByTheirTypeIntoTheEventTheApiTakes() {
        Parsed<ProgressReport> parsed = read(xlsxOfTheCsv(), "六月进度.xlsx");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.dataRows()).isEqualTo(2);
        assertThat(parsed.rows()).extracting(Row::number).containsExactly(2, 3);
        Map<String, Object> event = parsed.rows().get(0).value().toEvent();
        assertThat(event).containsEntry("initiativeId", "villa-investment-campaign")
            .containsEntry("occurredAt", "2026-06-30T17:00:00+08:00")
            .containsEntry("percentComplete", 45.0)
            .containsEntry("kpis", Map.of("villas", 36.0))
            .containsEntry("milestones", List.of("m1", "m2"))
            .containsEntry("declaredHealth", "on_track")
            .containsEntry("note", "已签约三十六栋，另有 5 栋在谈")
            .containsEntry("reportedBy", "商务局 王科长")
            .containsEntry("source", "import");
        assertThat((String) event.get("eventId")).matches("imp-[a-z2-7]{26}").matches(InputRules.EVENT_ID);
        assertThat(event.keySet()).containsExactly("eventId", "initiativeId", "occurredAt", "percentComplete", "kpis",
                "milestones", "declaredHealth", "note", "reportedBy", "source");
        ProgressReport second = parsed.rows().get(1).value();
        assertThat(second.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-05-31T15:30:00+08:00"));
        assertThat(second.declaredHealth()).isEqualTo("at_risk");
        assertThat(second.toEvent()).doesNotContainKeys("percentComplete", "kpis", "note");
    }

    @Test
    void csvInUtf8WithAndWithoutBomAndInGb18030ReadsTheSameChineseText() {
        Parsed<ProgressReport> utf8 = read(CSV.getBytes(StandardCharsets.UTF_8), "a.csv");
        Parsed<ProgressReport> bom = read(TestSheets.csvWithBom(CSV), "b.csv");
        Parsed<ProgressReport> gb = read(CSV.getBytes(CsvReader.GB18030), "c.csv");

        assertThat(utf8.problems()).isEmpty();
        assertThat(utf8.rows()).hasSize(2);
        assertThat(utf8.rows().get(0).value().note()).isEqualTo("已签约三十六栋，另有 5 栋在谈");
        assertThat(bom.rows()).isEqualTo(utf8.rows());
        assertThat(gb.rows()).isEqualTo(utf8.rows());
        assertThat(CsvReader.charset(CSV.getBytes(CsvReader.GB18030))).isEqualTo(CsvReader.GB18030);
    }

    @Test
    void theSameReportGetsTheSameEventIdInXlsxAndInItsCsvCopy() {
        List<String> fromXlsx = read(xlsxOfTheCsv(), "六月进度.xlsx").rows()
            .stream()
            .map(r -> r.value().eventId())
            .toList();
        List<String> fromCsv = csv(CSV).rows().stream().map(r -> r.value().eventId()).toList();
        List<String> fromGb = read(CSV.getBytes(CsvReader.GB18030), "renamed.csv").rows()
            .stream()
            .map(r -> r.value().eventId())
            .toList();

        assertThat(fromXlsx).hasSize(2).doesNotHaveDuplicates();
        assertThat(fromCsv).isEqualTo(fromXlsx);
        assertThat(fromGb).isEqualTo(fromXlsx);
    }

    @Test
    void eventIdsDependOnContentNotOnRowPositionOrColumnOrder() {
        String reordered = """
                填报人,备注,自评状态,里程碑,指标:villas,完成百分比,日期,事项编号

                商务局 李明,,有风险,jinqiahui,,,2026-05-31 15:30,trade-fair-participation
                商务局 王科长,"已签约三十六栋，另有 5 栋在谈",正常,"m2, m1",36.0,45,2026年6月30日,villa-investment-campaign
                """;
        List<String> original = csv(CSV).rows().stream().map(r -> r.value().eventId()).toList();
        Parsed<ProgressReport> parsed = csv(reordered);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows()).extracting(Row::number).containsExactly(3, 4);
        assertThat(parsed.rows().stream().map(r -> r.value().eventId()).toList()).containsExactly(original.get(1),
                original.get(0));
    }

    @Test
    void eventIdChangesWhenWhatTheRowSaysChanges() {
        String id = csv(CSV).rows().get(0).value().eventId();
        String changed = csv(CSV.replace(",36,", ",37,")).rows().get(0).value().eventId();
        String otherDay = csv(CSV.replace("2026/6/30", "2026/6/29")).rows().get(0).value().eventId();

        assertThat(changed).isNotEqualTo(id);
        assertThat(otherDay).isNotEqualTo(id).isNotEqualTo(changed);
    }

    @Test
    void anEventIdGivenInTheSheetIsKept() {
        Parsed<ProgressReport> parsed = csv("""
                事项编号,事件编号,日期,完成百分比,填报人
                premium-buildings,commerce-2026-06,2026-06-30,50,王
                """);
        assertThat(parsed.rows().get(0).value().eventId()).isEqualTo("commerce-2026-06");
    }

    @Test
    void aDateAloneMeansFivePmInThePlansZoneAndTheZoneIsAParameter() {
        String text = """
                事项编号,日期,完成百分比,填报人
                premium-buildings,2026-06-30,50,王
                premium-buildings,2026-06-30T09:00:00Z,51,王
                premium-buildings,20260701,52,王
                """;
        Parsed<ProgressReport> shanghai = csv(text);
        Parsed<ProgressReport> utc = ProgressSheet.read(text.getBytes(StandardCharsets.UTF_8), "x.csv",
                OPTIONS.withZone(ZoneId.of("UTC")));

        assertThat(shanghai.rows()).extracting(r -> r.value().occurredAt().toString())
            .containsExactly("2026-06-30T17:00+08:00", "2026-06-30T09:00Z", "2026-07-01T17:00+08:00");
        assertThat(utc.rows().get(0).value().occurredAt()).isEqualTo(OffsetDateTime.parse("2026-06-30T17:00:00Z"));
        assertThat(utc.rows().get(0).value().eventId()).as("another instant, another report")
            .isNotEqualTo(shanghai.rows().get(0).value().eventId());
    }

    @Test
    void englishHeadersAndKpiDotColumnsAreAcceptedToo() {
        Parsed<ProgressReport> parsed = csv("""
                initiativeId,occurredAt,percentComplete,kpi.villas,milestones,declaredHealth,note,reportedBy
                villa-investment-campaign,2026-06-30,45,36,m1,on_track,ok,Wang
                """);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows().get(0).value().kpis()).containsEntry("villas", 36.0);
    }

    @Test
    void blankRowsAreSkippedAndRowNumbersAreExcels() {
        byte[] xlsx = TestSheets.xlsx(Arrays.asList(List.of("事项编号", "日期", "完成百分比", "填报人"), null,
                List.of("premium-buildings", LocalDate.of(2026, 6, 30), 50, "王"), Arrays.asList(null, null, null, null),
                List.of("premium-buildings", LocalDate.of(2026, 7, 31), 150, "王")));
        Parsed<ProgressReport> parsed = read(xlsx, "x.xlsx");

        assertThat(parsed.dataRows()).isEqualTo(2);
        assertThat(parsed.rows()).extracting(Row::number).containsExactly(3);
        assertThat(parsed.problems()).extracting(Problem::row).containsExactly(5);
    }

    @Test
    void aQuotedNoteOverSeveralLinesIsOneRow() {
        Parsed<ProgressReport> parsed = csv("""
                事项编号,日期,备注,填报人
                premium-buildings,2026-06-30,"第一行
                第二行",王
                premium-buildings,2026-06-31,x,王
                """);
        assertThat(parsed.rows().get(0).value().note()).isEqualTo("第一行\n第二行");
        assertThat(parsed.problems()).extracting(Problem::row).containsExactly(3);
    }

    @Test
    void checksAgainstTheCatalogWhenItIsKnown() {
        ReadOptions options = OPTIONS.withCatalog(
                List.of(new ReadOptions.KnownInitiative("villa-investment-campaign", Set.of("villas"), Set.of("m1"))));
        Parsed<ProgressReport> parsed = ProgressSheet.read("""
                事项编号,日期,指标:villas,指标:shops,里程碑,填报人
                villa-investment-campaign,2026-06-30,36,,m1,王
                villa-investment-campaign,2026-06-30,,4,m9,王
                other-department-thing,2026-06-30,1,,,王
                """.getBytes(StandardCharsets.UTF_8), "x.csv", options);

        assertThat(parsed.rows()).extracting(Row::number).containsExactly(2);
        assertThat(parsed.problems()).extracting(Problem::row, Problem::column)
            .containsExactly(Tuple.tuple(3, "指标:shops"), Tuple.tuple(3, "里程碑"), Tuple.tuple(4, "事项编号"));
        assertThat(parsed.problems().get(2).message()).contains("不在目录中", "not in the catalog");
    }

    @Test
    void problemDescribesRowColumnAndBothLanguages() {
        Problem problem = csv("""
                事项编号,日期,完成百分比,填报人
                premium-buildings,2026-06-30,101,王
                """).problems().get(0);
        assertThat(problem.describe())
            .isEqualTo("第 2 行 (row 2) [完成百分比]: 完成百分比必须在 0 到 100 之间 (percentComplete must be 0–100)");
    }

}
