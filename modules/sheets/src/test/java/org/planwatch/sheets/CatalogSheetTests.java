package org.planwatch.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CatalogSheetTests {

    static final String HEADER = "事项编号,事项名称,所属板块,牵头单位,配合单位,开始日期,完成时限,衡量方式,上级事项,权重,报送周期,停滞判定天数,"
            + "指标编号,指标名称,指标单位,指标目标值,里程碑编号,里程碑名称,里程碑计划日期\n";

    static Parsed<CatalogEntry> csv(String rows) {
        return CatalogSheet.read((HEADER + rows).getBytes(StandardCharsets.UTF_8), "目录.csv");
    }

    @Test
    void anEntryWithTwoKpisOnTwoRowsAndTheCatalogDefaults() {
        Parsed<CatalogEntry> parsed = csv("""
                villa-investment-campaign,打好洋楼招商攻坚战,economy,commerce,"gov-services、finance",2026-01-15,2026-12-31,\
                指标,,,,,villas,实施一楼一策的洋楼,栋,90,,,
                villa-investment-campaign,,,,,,,,,,,,villa-rent,洋楼租金,万元,500,,,
                premium-buildings,实施楼宇品质提升工程,economy,commerce,,2026/1/7,2026/12/31,,,2,30,45,,,,,,,
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.dataRows()).isEqualTo(3);
        assertThat(parsed.rows()).extracting(Row::number).containsExactly(2, 4);
        CatalogEntry villa = parsed.rows().get(0).value();
        assertThat(villa.supportingDepartments()).containsExactly("gov-services", "finance");
        assertThat(villa.measure()).isEqualTo("kpi");
        assertThat(villa.kpis()).containsExactly(
                new CatalogEntry.Kpi("villas", "实施一楼一策的洋楼", "栋", 0.0, 90.0, "increase"),
                new CatalogEntry.Kpi("villa-rent", "洋楼租金", "万元", 0.0, 500.0, "increase"));
        assertThat(villa.weight()).isEqualTo(1.0);
        assertThat(villa.reportingCadenceDays()).isEqualTo(14);
        assertThat(villa.stallAfterDays()).isEqualTo(30);
        CatalogEntry premium = parsed.rows().get(1).value();
        assertThat(premium.measure()).isEqualTo("percent");
        assertThat(premium.startDate()).isEqualTo(LocalDate.of(2026, 1, 7));
        assertThat(premium.toDocument()).containsEntry("weight", 2.0)
            .containsEntry("reportingCadenceDays", 30)
            .containsEntry("stallAfterDays", 45)
            .containsEntry("startDate", "2026-01-07")
            .doesNotContainKeys("id", "parentId", "description", "updatedAt");
    }

    @Test
    void milestonesFromAnXlsxWithDateCells() {
        byte[] xlsx = TestSheets.xlsx(List.of(
                List.of("事项编号", "事项名称", "所属板块", "牵头单位", "开始日期", "完成时限", "衡量方式", "里程碑编号", "里程碑名称", "里程碑计划日期"),
                List.of("trade-fair-participation", "做好展会参展工作", "economy", "commerce", LocalDate.of(2026, 1, 7),
                        LocalDate.of(2026, 12, 31), "里程碑", "jinqiahui", "津洽会参展", LocalDate.of(2026, 5, 31)),
                Arrays.asList("trade-fair-participation", null, null, null, null, null, null, "ciie", "进博会参展", null)));
        Parsed<CatalogEntry> parsed = CatalogSheet.read(xlsx, "目录.xlsx");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows().get(0).value().milestones()).containsExactly(
                new CatalogEntry.Milestone("jinqiahui", "津洽会参展", 1.0, LocalDate.of(2026, 5, 31)),
                new CatalogEntry.Milestone("ciie", "进博会参展", 1.0, null));
        assertThat(parsed.rows().get(0).value().toDocument().get("milestones"))
            .isEqualTo(List.of(Map.of("id", "jinqiahui", "name", "津洽会参展", "weight", 1.0, "plannedDate", "2026-05-31"),
                    Map.of("id", "ciie", "name", "进博会参展", "weight", 1.0)));
    }

    @Test
    void everyCatalogRuleOfThePublisherIsCheckedRowByRow() {
        Parsed<CatalogEntry> parsed = csv("""
                ok-entry,名称,economy,commerce,,2026-01-01,2026-12-31,,,,,,,,,,,,
                no-name,,economy,commerce,,2026-01-01,2026-12-31,,,,,,,,,,,,
                bad-program,名称,Economy,commerce,,2026-01-01,2026-12-31,,,,,,,,,,,,
                dlt-program,名称,dlt,commerce,,2026-01-01,2026-12-31,,,,,,,,,,,,
                due-first,名称,economy,commerce,,2026-06-01,2026-01-01,,,,,,,,,,,,
                too-late,名称,economy,commerce,,2026-01-01,2101-01-01,,,,,,,,,,,,
                kpi-without-kpis,名称,economy,commerce,,2026-01-01,2026-12-31,指标,,,,,,,,,,,
                zero-weight,名称,economy,commerce,,2026-01-01,2026-12-31,,,0,,,,,,,,,
                odd-cadence,名称,economy,commerce,,2026-01-01,2026-12-31,,,,1.5,400,,,,,,,
                self-parent,名称,economy,commerce,,2026-01-01,2026-12-31,,self-parent,,,,,,,,,,
                bad-measure,名称,economy,commerce,Bad_Dept,2026-01-01,2026-12-31,季度,,,,,,,,,,,
                kpi-no-target,名称,economy,commerce,,2026-01-01,2026-12-31,指标,,,,,k1,指标一,,,,,
                ok-entry,改名,,,,,,,,,,,,,,,,,
                """);

        assertThat(parsed.rows()).as("the last row contradicts ok-entry's first, which spoils the entry").isEmpty();
        assertThat(parsed.problems()).extracting(Problem::row, Problem::column)
            .containsExactly(tuple(3, "事项名称"), tuple(4, "所属板块"), tuple(5, "所属板块"), tuple(6, "完成时限"), tuple(7, "完成时限"),
                    tuple(8, "衡量方式"), tuple(9, "权重"), tuple(10, "报送周期"), tuple(10, "停滞判定天数"), tuple(11, "上级事项"),
                    tuple(12, "配合单位"), tuple(12, "衡量方式"), tuple(13, "指标目标值"), tuple(14, "事项名称"));
        assertThat(parsed.problems().get(5).message()).contains("衡量方式为指标时，至少要有一个指标");
        assertThat(parsed.problems().get(13).message()).contains("第一行（第 2 行）不一致");
    }

    @Test
    void aParentCycleWithinTheFileIsAProblemAndParentsAreSentFirst() {
        Parsed<CatalogEntry> cycle = csv("""
                aaa,名称,economy,commerce,,2026-01-01,2026-12-31,,bbb,,,,,,,,,,
                bbb,名称,economy,commerce,,2026-01-01,2026-12-31,,aaa,,,,,,,,,,
                """);
        assertThat(cycle.problems()).extracting(Problem::row).containsExactly(2, 3);
        assertThat(cycle.problems().get(0).message()).contains("循环", "cycle");

        Parsed<CatalogEntry> tree = csv("""
                child,名称,economy,commerce,,2026-01-01,2026-12-31,,parent,,,,,,,,,,
                other,名称,economy,commerce,,2026-01-01,2026-12-31,,already-in-catalog,,,,,,,,,,
                parent,名称,economy,commerce,,2026-01-01,2026-12-31,,,,,,,,,,,,
                """);
        assertThat(tree.problems()).isEmpty();
        assertThat(CatalogSheet.parentsFirst(tree.rows())).extracting(r -> r.value().id())
            .containsExactly("parent", "child", "other");
    }

    @Test
    void kpiColumnsComeWithIdNameAndTarget() {
        Parsed<CatalogEntry> parsed = CatalogSheet.read("""
                事项编号,事项名称,所属板块,牵头单位,开始日期,完成时限,指标单位
                aaa,名称,economy,commerce,2026-01-01,2026-12-31,栋
                """.getBytes(StandardCharsets.UTF_8), "x.csv");
        assertThat(parsed.problems()).extracting(Problem::row, Problem::column)
            .containsExactly(tuple(1, "指标编号"), tuple(1, "指标名称"), tuple(1, "指标目标值"));
        assertThat(parsed.rows()).isEmpty();
    }

}
