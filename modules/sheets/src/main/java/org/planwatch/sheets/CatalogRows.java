package org.planwatch.sheets;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one catalog entry, read and checked: its first row, then rows adding KPIs
 * or milestones.
 */
final class CatalogRows {

    static final Map<String, String> MEASURES = Map.of("百分比", "percent", "完成百分比", "percent", "里程碑", "milestones", "指标",
            "kpi", "percent", "percent", "milestones", "milestones", "kpi", "kpi");
    static final Map<String, String> DIRECTIONS = Map.of("增加", "increase", "上升", "increase", "increase", "increase",
            "减少", "decrease", "下降", "decrease", "decrease", "decrease");

    private final String id;

    private final int firstRow;

    private final Map<String, String> firstTexts = new HashMap<>();

    private final List<CatalogEntry.Kpi> kpis = new ArrayList<>();

    private final List<CatalogEntry.Milestone> milestones = new ArrayList<>();

    private final Set<String> kpiIds = new HashSet<>();

    private final Set<String> milestoneIds = new HashSet<>();

    private final List<Problem> late = new ArrayList<>();

    private boolean ok = true;

    private String measureColumn;

    private String name;

    private String description;

    private String program;

    private String department;

    private List<String> supporting = List.of();

    private LocalDate startDate;

    private LocalDate dueDate;

    private String measure;

    private String parentId;

    private double weight;

    private int cadence;

    private int stall;

    private CatalogRows(String id, int firstRow) {
        this.id = id;
        this.firstRow = firstRow;
    }

    static CatalogRows first(String id, RowReader row, Columns columns) {
        CatalogRows entry = new CatalogRows(id, row.number());
        CatalogSheet.ENTRY_KEYS.forEach(k -> entry.firstTexts.put(k, Values.nfkc(row.cell(k).text())));
        entry.name = row.text("name", InputRules.MAX_NAME, true);
        entry.description = row.text("description", InputRules.MAX_DESCRIPTION, false);
        entry.program = row.id("program", InputRules.PROGRAM_ID, true);
        if ("dlt".equals(entry.program)) {
            row.problem("program", "所属板块不能是 dlt（已保留）", "program 'dlt' is reserved");
        }
        entry.department = row.id("department", InputRules.SHORT_ID, true);
        entry.supporting = Values.list(row.cell("supportingDepartments"));
        for (String dept : entry.supporting) {
            if (!InputRules.SHORT_ID.matcher(dept).matches()) {
                row.problem("supportingDepartments", "配合单位「" + dept + "」格式不正确（" + InputRules.SHORT_ID.pattern() + "）",
                        "supporting department \"" + dept + "\" must match " + InputRules.SHORT_ID.pattern());
            }
        }
        entry.startDate = date(row, "startDate", true);
        entry.dueDate = date(row, "dueDate", true);
        if (entry.startDate != null && entry.dueDate != null && entry.dueDate.isBefore(entry.startDate)) {
            row.problem("dueDate", "完成时限早于开始日期", "dueDate is before startDate");
        }
        entry.measure = choice(row, "measure", MEASURES, "百分比、里程碑、指标", "percent, milestones, kpi", "percent");
        entry.measureColumn = row.column("measure");
        entry.parentId = row.id("parentId", InputRules.ID, false);
        if (id.equals(entry.parentId)) {
            row.problem("parentId", "上级事项不能是事项自己", "parentId must be the id of another initiative");
        }
        entry.weight = positive(row, row.column("weight"), row.cell("weight"), "权重", "weight");
        entry.cadence = days(row, "reportingCadenceDays", InputRules.DEFAULT_CADENCE_DAYS);
        entry.stall = days(row, "stallAfterDays", InputRules.DEFAULT_STALL_DAYS);
        entry.parts(row);
        return entry;
    }

    /**
     * A further row of the same entry: its own columns blank or as on the first row; a
     * KPI or milestone.
     */
    void more(RowReader row, Columns columns) {
        for (String key : CatalogSheet.ENTRY_KEYS) {
            String text = Values.nfkc(row.cell(key).text());
            if (!text.isEmpty() && !text.equals(firstTexts.get(key))) {
                row.problem(key, "与事项「" + id + "」的第一行（第 " + firstRow + " 行）不一致；续行只填指标或里程碑列",
                        "differs from the entry's first row " + firstRow
                                + "; further rows only add KPIs or milestones");
            }
        }
        parts(row);
    }

    private void parts(RowReader row) {
        if (filled(row, "kpi.")) {
            kpi(row);
        }
        if (filled(row, "milestone.")) {
            milestone(row);
        }
        ok &= row.ok();
    }

    private void kpi(RowReader row) {
        String kpiId = row.id("kpi.id", InputRules.SHORT_ID, true);
        if (kpiId != null && !kpiIds.add(kpiId)) {
            row.problem("kpi.id", "指标编号「" + kpiId + "」在事项「" + id + "」中重复", "KPI id \"" + kpiId + "\" appears twice");
        }
        String kpiName = row.text("kpi.name", InputRules.MAX_NAME, true);
        String unit = row.text("kpi.unit", InputRules.MAX_KPI_UNIT, false);
        BigDecimal baseline = row.number("kpi.baseline");
        BigDecimal target = row.number("kpi.target");
        double base = baseline == null ? 0.0 : baseline.doubleValue();
        if (target == null && row.cell("kpi.target").blank()) {
            row.required("kpi.target");
        }
        else if (target != null && target.doubleValue() == base) {
            row.problem("kpi.target", "指标目标值不能等于基数", "kpi.target must differ from the baseline");
        }
        String fallback = target != null && target.doubleValue() < base ? "decrease" : "increase";
        String direction = choice(row, "kpi.direction", DIRECTIONS, "增加、减少", "increase, decrease", fallback);
        if (row.ok() && kpiId != null && kpiName != null && target != null) {
            kpis.add(new CatalogEntry.Kpi(kpiId, kpiName, unit, base, target.doubleValue(), direction));
        }
    }

    private void milestone(RowReader row) {
        String milestoneId = row.id("milestone.id", InputRules.SHORT_ID, true);
        if (milestoneId != null && !milestoneIds.add(milestoneId)) {
            row.problem("milestone.id", "里程碑编号「" + milestoneId + "」在事项「" + id + "」中重复",
                    "milestone id \"" + milestoneId + "\" appears twice");
        }
        String milestoneName = row.text("milestone.name", InputRules.MAX_NAME, true);
        double milestoneWeight = positive(row, row.column("milestone.weight"), row.cell("milestone.weight"), "里程碑权重",
                "milestone.weight");
        LocalDate planned = date(row, "milestone.plannedDate", false);
        if (row.ok() && milestoneId != null && milestoneName != null) {
            milestones.add(new CatalogEntry.Milestone(milestoneId, milestoneName, milestoneWeight, planned));
        }
    }

    /**
     * Checks that need the whole entry: its measure's KPIs or milestones, and the parent
     * tree.
     */
    void finish(boolean cycle) {
        if ("milestones".equals(measure) && milestones.isEmpty() && ok) {
            late(measureColumn, "衡量方式为里程碑时，至少要有一个里程碑", "milestones must not be empty when measure is milestones");
        }
        if ("kpi".equals(measure) && kpis.isEmpty() && ok) {
            late(measureColumn, "衡量方式为指标时，至少要有一个指标", "kpis must not be empty when measure is kpi");
        }
        if (cycle) {
            late("上级事项", "上级事项形成循环（" + id + " 最终是它自己的上级）", "parentId makes a cycle through " + id);
        }
    }

    private void late(String column, String chinese, String english) {
        late.add(Problem.of(firstRow, column, chinese, english));
        ok = false;
    }

    CatalogEntry build() {
        return new CatalogEntry(id, name, program, department, supporting, startDate, dueDate, measure, description,
                parentId, weight, cadence, stall, kpis, milestones);
    }

    String id() {
        return id;
    }

    String parentId() {
        return parentId;
    }

    int firstRow() {
        return firstRow;
    }

    boolean ok() {
        return ok;
    }

    List<Problem> lateProblems() {
        return late;
    }

    private static boolean filled(RowReader row, String prefix) {
        return CatalogSheet.COLUMNS.stream()
            .filter(s -> s.key().startsWith(prefix))
            .anyMatch(s -> !row.cell(s.key()).blank());
    }

    private static LocalDate date(RowReader row, String key, boolean required) {
        Cell cell = row.cell(key);
        if (row.formulaError(row.column(key), cell)) {
            return null;
        }
        if (cell.blank()) {
            if (required) {
                row.required(key);
            }
            return null;
        }
        LocalDate date = Values.date(cell);
        if (date == null) {
            row.problem(key, "无法识别的日期「" + cell.text() + "」，请写成 2026-06-30",
                    "cannot read the date \"" + cell.text() + "\"; write 2026-06-30");
        }
        else if (date.isBefore(InputRules.EARLIEST_DATE) || date.isAfter(InputRules.LATEST_DATE)) {
            row.problem(key, row.chinese(key) + "必须在 2000 年至 2100 年之间",
                    key + " must be between " + InputRules.EARLIEST_DATE + " and " + InputRules.LATEST_DATE);
        }
        return date;
    }

    private static String choice(RowReader row, String key, Map<String, String> values, String chinese, String english,
            String fallback) {
        Cell cell = row.cell(key);
        if (cell.blank() || row.formulaError(row.column(key), cell)) {
            return fallback;
        }
        String value = values.get(Values.nfkc(cell.text()).strip().toLowerCase(Locale.ROOT));
        if (value == null) {
            row.problem(key, row.chinese(key) + "「" + cell.text() + "」无效，应为 " + chinese + " 之一",
                    key + " must be one of " + english);
            return fallback;
        }
        return value;
    }

    private static double positive(RowReader row, String column, Cell cell, String chinese, String english) {
        BigDecimal value = row.number(column, cell, chinese, english);
        if (value != null && value.signum() <= 0) {
            row.problemAt(column, chinese + "必须大于 0", english + " must be a positive number");
        }
        return value == null ? 1.0 : value.doubleValue();
    }

    private static int days(RowReader row, String key, int fallback) {
        BigDecimal value = row.number(key);
        if (value == null) {
            return fallback;
        }
        if (value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.ONE) < 0
                || value.compareTo(BigDecimal.valueOf(InputRules.MAX_DAYS)) > 0) {
            row.problem(key, row.chinese(key) + "必须是 1 到 366 之间的整数", key + " must be a whole number 1-366");
            return fallback;
        }
        return value.intValueExact();
    }

}
