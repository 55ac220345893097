package org.planwatch.sheets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Catalog entries from a spreadsheet, checked as the publisher's catalog API will check
 * them.
 *
 * <p>
 * One row per initiative: 事项编号/id, 事项名称/name, 所属板块/program, 牵头单位/department,
 * 开始日期/startDate, 完成时限/dueDate (all required), 配合单位/supportingDepartments (ids separated
 * by {@code ,} {@code 、} {@code ;}), 衡量方式/measure (百分比/里程碑/指标 or percent/milestones/kpi),
 * 事项说明/description, 上级事项/parentId, 权重/weight, 报送周期/reportingCadenceDays,
 * 停滞判定天数/stallAfterDays. A KPI goes in 指标编号/kpi.id, 指标名称/kpi.name, 指标单位/kpi.unit,
 * 指标基数/kpi.baseline, 指标目标值/kpi.target, 指标方向/kpi.direction (增加/减少); a milestone in
 * 里程碑编号/milestone.id, 里程碑名称/milestone.name, 里程碑权重/milestone.weight,
 * 里程碑计划日期/milestone.plannedDate. For a second KPI or milestone, add a row with the same
 * 事项编号 and only those columns filled (the entry's other columns blank, or the same as its
 * first row).
 */
public final class CatalogSheet {

    static final List<Columns.Spec> COLUMNS = List.of(new Columns.Spec("id", "事项编号", true, "initiativeId"),
            new Columns.Spec("name", "事项名称", true, "名称"), new Columns.Spec("program", "所属板块", true, "板块"),
            new Columns.Spec("department", "牵头单位", true, "牵头部门", "责任单位"),
            new Columns.Spec("supportingDepartments", "配合单位", false, "配合部门"),
            new Columns.Spec("startDate", "开始日期", true), new Columns.Spec("dueDate", "完成时限", true, "截止日期"),
            new Columns.Spec("measure", "衡量方式", false), new Columns.Spec("description", "事项说明", false, "说明"),
            new Columns.Spec("parentId", "上级事项", false, "上级事项编号"), new Columns.Spec("weight", "权重", false),
            new Columns.Spec("reportingCadenceDays", "报送周期", false, "报送周期天数"),
            new Columns.Spec("stallAfterDays", "停滞判定天数", false, "停滞天数"), new Columns.Spec("kpi.id", "指标编号", false),
            new Columns.Spec("kpi.name", "指标名称", false), new Columns.Spec("kpi.unit", "指标单位", false),
            new Columns.Spec("kpi.baseline", "指标基数", false), new Columns.Spec("kpi.target", "指标目标值", false),
            new Columns.Spec("kpi.direction", "指标方向", false), new Columns.Spec("milestone.id", "里程碑编号", false),
            new Columns.Spec("milestone.name", "里程碑名称", false), new Columns.Spec("milestone.weight", "里程碑权重", false),
            new Columns.Spec("milestone.plannedDate", "里程碑计划日期", false));
    static final Map<String, Columns.Spec> SPECS = COLUMNS.stream()
        .collect(Collectors.toMap(Columns.Spec::key, Function.identity()));

    /**
     * The columns of the entry itself; a continuation row leaves them blank or repeats
     * them.
     */
    static final List<String> ENTRY_KEYS = COLUMNS.stream()
        .map(Columns.Spec::key)
        .filter(k -> !k.startsWith("kpi.") && !k.startsWith("milestone.") && !k.equals("id"))
        .toList();

    private CatalogSheet() {
    }

    /**
     * Reads and checks every row ({@code .xlsx}/{@code .xls}/{@code .csv}, as
     * {@link ProgressSheet}). Each good entry's {@link Row#number()} is its first row. A
     * {@code parentId} must name another entry, of this file or of the catalog already
     * (the publisher checks the latter); a cycle among this file's entries is a problem.
     */
    public static Parsed<CatalogEntry> read(byte[] content, String fileName) {
        Table table;
        try {
            table = Table.read(content, fileName);
        }
        catch (Table.UnreadableFileException e) {
            return new Parsed<>(List.of(), List.of(e.problem()), 0);
        }
        List<Problem> problems = new ArrayList<>();
        Columns columns = Columns.resolve(table, COLUMNS, Columns.Dynamic.NONE, problems);
        requireTogether(columns, "kpi.", List.of("kpi.id", "kpi.name", "kpi.target"), problems);
        requireTogether(columns, "milestone.", List.of("milestone.id", "milestone.name"), problems);
        boolean headerOk = problems.isEmpty();
        if (table.rows().isEmpty()) {
            problems.add(Problem.of(0, "", "文件中没有数据行", "the file has no data rows"));
        }
        Map<String, CatalogRows> entries = new LinkedHashMap<>();
        for (Table.Line line : table.rows()) {
            RowReader row = new RowReader(line, columns, SPECS);
            String id = row.id("id", InputRules.ID, true);
            if (id != null) {
                CatalogRows entry = entries.get(id);
                if (entry == null) {
                    entries.put(id, CatalogRows.first(id, row, columns));
                }
                else {
                    entry.more(row, columns);
                }
            }
            problems.addAll(row.problems());
        }
        List<Row<CatalogEntry>> rows = new ArrayList<>();
        Map<String, String> parents = new LinkedHashMap<>();
        entries.forEach((id, entry) -> parents.put(id, entry.parentId()));
        for (CatalogRows entry : entries.values()) {
            entry.finish(cycle(entry.id(), parents));
            problems.addAll(entry.lateProblems());
            if (entry.ok()) {
                rows.add(new Row<>(entry.firstRow(), entry.build()));
            }
        }
        problems.sort(Comparator.comparingInt(Problem::row));
        return new Parsed<>(headerOk ? rows : List.of(), problems, table.rows().size());
    }

    /**
     * The column (its Chinese header) that holds a field the publisher named in a
     * problem: {@code kpis[1].target} is {@code 指标目标值}, {@code supportingDepartments[0]}
     * is {@code 配合单位}.
     */
    public static String column(String field) {
        if (field == null || field.isBlank()) {
            return "";
        }
        String key = field.replaceAll("\\[\\d+]", "")
            .replaceFirst("^kpis\\.", "kpi.")
            .replaceFirst("^milestones\\.", "milestone.");
        Columns.Spec spec = SPECS.get(key);
        return spec == null ? field : spec.chinese();
    }

    /** KPI (milestone) columns come with the ones every KPI (milestone) needs. */
    private static void requireTogether(Columns columns, String prefix, List<String> needed, List<Problem> problems) {
        boolean any = COLUMNS.stream().anyMatch(s -> s.key().startsWith(prefix) && columns.has(s.key()));
        for (String key : needed) {
            if (any && !columns.has(key)) {
                problems.add(Problem.of(1, SPECS.get(key).chinese(), "缺少列「" + SPECS.get(key).chinese() + "」",
                        "missing column " + key));
            }
        }
    }

    /** Whether following parentIds within the file from {@code id} comes back to it. */
    private static boolean cycle(String id, Map<String, String> parents) {
        Set<String> seen = new HashSet<>();
        if (id.equals(parents.get(id))) {
            return false; // its own parent: reported as such on its row
        }
        for (String at = parents.get(id); at != null && parents.containsKey(at); at = parents.get(at)) {
            if (at.equals(id)) {
                return true;
            }
            if (!seen.add(at)) {
                return false;
            }
        }
        return false;
    }

    /**
     * The entries in an order the publisher accepts them in: each parent of this file
     * before its children (a parentId must already be in the catalog when its child is
     * put).
     */
    public static List<Row<CatalogEntry>> parentsFirst(List<Row<CatalogEntry>> rows) {
        Map<String, Row<CatalogEntry>> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.value().id(), r));
        List<Row<CatalogEntry>> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Row<CatalogEntry> row : rows) {
            place(row, byId, placed, ordered, new HashSet<>());
        }
        return ordered;
    }

    private static void place(Row<CatalogEntry> row, Map<String, Row<CatalogEntry>> byId, Set<String> placed,
            List<Row<CatalogEntry>> ordered, Set<String> path) {
        String id = row.value().id();
        if (placed.contains(id) || !path.add(id)) {
            return;
        }
        Row<CatalogEntry> parent = row.value().parentId() == null ? null : byId.get(row.value().parentId());
        if (parent != null) {
            place(parent, byId, placed, ordered, path);
        }
        placed.add(id);
        ordered.add(row);
    }

}
