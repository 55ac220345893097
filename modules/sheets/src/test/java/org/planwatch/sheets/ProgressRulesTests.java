package org.planwatch.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input rule of the publisher, as the sheet applies it: row, column and message of
 * each problem.
 */
class ProgressRulesTests {

    static final String HEADER = "事项编号,事件编号,日期,完成百分比,指标:villas,里程碑,自评状态,备注,填报人,更正事件编号\n";
    static final String GOOD = "premium-buildings,,2026-06-30,50,,,,,王,";

    static Parsed<ProgressReport> csv(String rows) {
        return ProgressSheet.read((HEADER + rows).getBytes(StandardCharsets.UTF_8), "x.csv",
                ProgressSheetTests.OPTIONS);
    }

    static Stream<Arguments> badRows() {
        String longNote = "很".repeat(InputRules.MAX_NOTE + 1);
        return Stream.of(
                Arguments.of("premium-buildings,,2026-06-30,101,,,,,王,", "完成百分比",
                        "完成百分比必须在 0 到 100 之间 (percentComplete must be 0–100)"),
                Arguments.of("premium-buildings,,2026-06-30,-1,,,,,王,", "完成百分比", "percentComplete must be 0–100"),
                Arguments.of("premium-buildings,,2026-06-30,NaN,,,,,王,", "完成百分比", "完成百分比必须是数字"),
                Arguments.of("premium-buildings,,2026-06-30,1e400,,,,,王,", "完成百分比", "must be a finite number"),
                Arguments.of("premium-buildings,,2026-06-30,五十,,,,,王,", "完成百分比", "完成百分比必须是数字"),
                Arguments.of("premium-buildings,,2026-06-30,,Infinity,,,,王,", "指标:villas",
                        "kpis.villas must be a finite number"),
                Arguments.of("premium-buildings,,,50,,,,,王,", "日期", "日期不能为空 (occurredAt is required)"),
                Arguments.of("premium-buildings,,6/30/2026,50,,,,,王,", "日期", "无法识别的日期「6/30/2026」"),
                Arguments.of("premium-buildings,,2026-02-30,50,,,,,王,", "日期", "无法识别的日期"),
                Arguments.of("premium-buildings,,1999-12-31,50,,,,,王,", "日期", "日期必须在 2000 年至 2100 年之间"),
                Arguments.of("premium-buildings,,2101-01-01,50,,,,,王,", "日期",
                        "occurredAt must be between 2000 and 2100"),
                Arguments.of("premium-buildings,,2026-11-27,50,,,,,王,", "日期", "在未来（最多可提前 1 天）"),
                Arguments.of("premium-buildings,,2026-06-30,50,,,,," + longNote.substring(0, 101) + ",", "填报人",
                        "填报人不能超过 100 个字符"),
                Arguments.of("premium-buildings,,2026-06-30,50,,,,,,", "填报人", "填报人不能为空 (reportedBy is required)"),
                Arguments.of("premium-buildings,,2026-06-30,50,,,," + longNote + ",王,", "备注",
                        "备注不能超过 2000 个字符（现有 2001 个） (note is longer than 2000 characters)"),
                Arguments.of("premium-buildings,,2026-06-30,,,,,,王,", "完成百分比", "至少填写完成百分比、指标、里程碑、自评状态或备注中的一项"),
                Arguments.of("Premium Buildings,,2026-06-30,50,,,,,王,", "事项编号", "事项编号「Premium Buildings」格式不正确"),
                Arguments.of("pb,,2026-06-30,50,,,,,王,", "事项编号", "initiativeId \"pb\" must match"),
                Arguments.of(",,2026-06-30,50,,,,,王,", "事项编号", "事项编号不能为空"),
                Arguments.of("premium-buildings,-bad,2026-06-30,50,,,,,王,", "事件编号", "eventId \"-bad\" must match"),
                Arguments.of("premium-buildings,,2026-06-30,,,M 1,,,王,", "里程碑", "里程碑编号「M」格式不正确"),
                Arguments.of("premium-buildings,,2026-06-30,,,,很好,,王,", "自评状态", "应为 正常、有风险、滞后、受阻、已完成 之一"),
                Arguments.of("premium-buildings,e1,2026-06-30,50,,,,,王,e1", "更正事件编号",
                        "supersedes must name another report"),
                Arguments.of("premium-buildings,,2026-06-30,50,,,,,王,bad id", "更正事件编号",
                        "supersedes \"bad id\" must match"));
    }

    @ParameterizedTest
    @MethodSource("badRows")
    void aBadRowIsReportedWithItsRowColumnAndWhatIsWrong(String row, String column, String message) {
        Parsed<ProgressReport> parsed = csv(GOOD + "\n" + row + "\n" + GOOD.replace("50", "60") + "\n");

        assertThat(parsed.problems()).hasSize(1);
        Problem problem = parsed.problems().get(0);
        assertThat(problem.row()).isEqualTo(3);
        assertThat(problem.column()).isEqualTo(column);
        assertThat(problem.message()).contains(message);
        assertThat(parsed.rows()).extracting(Row::number).as("the good rows around it").containsExactly(2, 4);
    }

    @Test
    void everyBadRowIsReportedNotOnlyTheFirst() {
        Parsed<ProgressReport> parsed = csv("""
                premium-buildings,,2026-06-30,101,,,,,王,
                premium-buildings,,2026-06-30,50,,,,,,
                premium-buildings,,2026-06-30,51,,,,,王,
                premium-buildings,,yesterday,abc,,,,,,
                """);
        assertThat(parsed.badRows()).containsExactly(2, 3, 5);
        assertThat(parsed.problems()).extracting(Problem::row, Problem::column)
            .containsExactly(Tuple.tuple(2, "完成百分比"), Tuple.tuple(3, "填报人"), Tuple.tuple(5, "日期"),
                    Tuple.tuple(5, "完成百分比"), Tuple.tuple(5, "填报人"));
        assertThat(parsed.rows()).extracting(Row::number).containsExactly(4);
        assertThat(parsed.ok()).isFalse();
    }

    @Test
    void percentAndKpiAtTheirBoundsAndANoteOnlyReportAreAccepted() {
        Parsed<ProgressReport> parsed = csv("""
                premium-buildings,,2026-06-30,0,,,,,王,
                premium-buildings,,2026-06-30,100,,,,,王,
                premium-buildings,,2026-06-30,,"1,200",,,,王,
                premium-buildings,,2026-06-30,,,,,本月无进展：等待审批,王,
                premium-buildings,,2026-11-26 09:00,12.5％,,,,,王,
                """);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows().get(2).value().kpis()).containsEntry("villas", 1200.0);
        assertThat(parsed.rows().get(4).value().percentComplete()).isEqualTo(12.5);
    }

    @Test
    void twoRowsWithTheSameContentAreReportedAsOneReport() {
        Parsed<ProgressReport> parsed = csv(GOOD + "\n" + GOOD + "\n");
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.row()).isEqualTo(3);
            assertThat(p.message()).contains("与第 2 行内容完全相同", "same content as row 2");
        });
    }

    @Test
    void twoRowsWithTheSameGivenEventIdAreAProblem() {
        Parsed<ProgressReport> parsed = csv("""
                premium-buildings,r1,2026-06-30,50,,,,,王,
                premium-buildings,r1,2026-07-31,60,,,,,王,
                """);
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.row()).isEqualTo(3);
            assertThat(p.column()).isEqualTo("事件编号");
            assertThat(p.message()).contains("eventId is also on row 2");
        });
    }

    @Test
    void aFailedFormulaIsAProblemNotAValue() {
        byte[] xlsx = TestSheets.xlsx(List.of(List.of("事项编号", "日期", "完成百分比", "填报人"),
                List.of("premium-buildings", LocalDate.of(2026, 6, 30), new TestSheets.Formula("1/0"), "王")));
        Parsed<ProgressReport> parsed = ProgressSheet.read(xlsx, "x.xlsx", ProgressSheetTests.OPTIONS);
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo("完成百分比");
            assertThat(p.message()).contains("#DIV/0!");
        });
    }

    @Test
    void unknownDuplicateMissingAndUnheadedColumnsAreProblemsOnRowOneAndNothingIsLeftToSend() {
        Parsed<ProgressReport> parsed = ProgressSheet.read("""
                事项编号,日期,完成百分比,完成百份比,日期,指标:Bad Id,
                premium-buildings,2026-06-30,50,51,2026-06-30,,oops
                """.getBytes(StandardCharsets.UTF_8), "x.csv", ProgressSheetTests.OPTIONS);

        assertThat(parsed.problems()).extracting(Problem::row).containsOnly(1);
        assertThat(parsed.problems()).extracting(Problem::column)
            .containsExactly("完成百份比", "日期", "填报人", "G", "指标:Bad Id");
        assertThat(parsed.problems().get(0).message()).contains("未知的列「完成百份比」", "unknown column", "指标:<kpiId>");
        assertThat(parsed.problems().get(2).message()).contains("缺少必填列「填报人」 (missing required column reportedBy)");
        assertThat(parsed.fileProblems()).isTrue();
        assertThat(parsed.rows()).as("a header problem leaves no row to send").isEmpty();
    }

    @Test
    void headersAreMatchedLoosely() {
        Parsed<ProgressReport> parsed = ProgressSheet.read("""
                "\uFEFF*事项编号 ", 日期 ,完成百分比（%）,指标：villas（栋）,填报人
                premium-buildings,2026-06-30,50,3,王
                """.getBytes(StandardCharsets.UTF_8), "x.csv", ProgressSheetTests.OPTIONS);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows().get(0).value().kpis()).containsKey("villas");
    }

    @Test
    void filesThatCannotBeReadAreOneProblemOnRowZero() {
        assertThat(ProgressSheet.read(new byte[0], "x.csv").problems()).singleElement()
            .satisfies(p -> assertThat(p.describe()).isEqualTo("文件 (file): 文件是空的 (the file is empty)"));
        assertThat(ProgressSheet.read("not a workbook".getBytes(StandardCharsets.UTF_8), "x.xlsx").problems())
            .singleElement()
            .satisfies(p -> {
                assertThat(p.row()).isZero();
                assertThat(p.message()).startsWith("无法读取 Excel 文件");
            });
        assertThat(ProgressSheet.read("a".getBytes(StandardCharsets.UTF_8), "x.pdf").problems()).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("请使用 .xlsx 或 .csv"));
        assertThat(ProgressSheet.read("事项编号,日期,完成百分比,填报人\n".getBytes(StandardCharsets.UTF_8), "x.csv").problems())
            .singleElement()
            .satisfies(p -> assertThat(p.message()).contains("没有数据行"));
        assertThat(ProgressSheet.read("事项编号,日期\n\"unterminated,2026-06-30\n".getBytes(StandardCharsets.UTF_8), "x.csv")
            .problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("CSV 格式错误"));
    }

}
