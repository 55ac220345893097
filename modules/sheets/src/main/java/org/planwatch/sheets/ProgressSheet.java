package org.planwatch.sheets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Progress reports from a spreadsheet: one report per row, checked as the publisher will
 * check them.
 *
 * <p>
 * Columns (header in row 1; Chinese or English; order free; unknown headers are a
 * problem): 事项编号/initiativeId (required), 日期/occurredAt (required), 填报人/reportedBy
 * (required), 完成百分比/percentComplete, {@code 指标:<kpiId>} or {@code kpi.<kpiId>} (one
 * column per KPI), 里程碑/milestones (ids separated by {@code ,} {@code 、} {@code ;} or
 * spaces), 自评状态/declaredHealth (正常/有风险/滞后/受阻/已完成 or
 * on_track/at_risk/off_track/blocked/completed), 备注/note, 事件编号/eventId (optional: derived
 * from the content when blank), 更正事件编号/supersedes.
 *
 * <pre>{@code
 * Parsed<ProgressReport> parsed = ProgressSheet.read(bytes, "六月进度.xlsx");
 * parsed.problems().forEach(p -> System.out.println(p.describe()));
 * parsed.rows().forEach(row -> send(row.value().toEvent()));
 * }</pre>
 */
public final class ProgressSheet {

    static final List<Columns.Spec> COLUMNS = List.of(new Columns.Spec("initiativeId", "事项编号", true, "事项id"),
            new Columns.Spec("occurredAt", "日期", true, "填报日期", "报告日期", "date"),
            new Columns.Spec("percentComplete", "完成百分比", false, "完成进度", "完成率"),
            new Columns.Spec("milestones", "里程碑", false, "已完成里程碑", "达成里程碑"),
            new Columns.Spec("declaredHealth", "自评状态", false, "状态"), new Columns.Spec("note", "备注", false, "说明"),
            new Columns.Spec("reportedBy", "填报人", true), new Columns.Spec("eventId", "事件编号", false),
            new Columns.Spec("supersedes", "更正事件编号", false, "更正"));
    static final Map<String, Columns.Spec> SPECS = COLUMNS.stream()
        .collect(Collectors.toMap(Columns.Spec::key, Function.identity()));

    /** Declared health: Chinese as clerks write it, and the API's own values. */
    static final Map<String, String> HEALTH = Map.ofEntries(Map.entry("正常", "on_track"), Map.entry("有风险", "at_risk"),
            Map.entry("滞后", "off_track"), Map.entry("受阻", "blocked"), Map.entry("已完成", "completed"),
            Map.entry("on_track", "on_track"), Map.entry("at_risk", "at_risk"), Map.entry("off_track", "off_track"),
            Map.entry("blocked", "blocked"), Map.entry("completed", "completed"));

    private static final Pattern KPI_HEADER = Pattern.compile("(?:指标\\s*[:：]|kpi\\.)\\s*(.+?)\\s*(?:[(（][^()（）]*[)）])?",
            Pattern.CASE_INSENSITIVE);
    static final Columns.Dynamic KPI_COLUMNS = new Columns.Dynamic(ProgressSheet::kpiId, "指标:<kpiId>, kpi.<kpiId>");

    private ProgressSheet() {
    }

    /**
     * {@link #read(byte[], String, ReadOptions)} with Asia/Shanghai, the system clock and
     * no catalog check.
     */
    public static Parsed<ProgressReport> read(byte[] content, String fileName) {
        return read(content, fileName, ReadOptions.defaults());
    }

    /**
     * Reads and checks every row of the first sheet of an {@code .xlsx}/{@code .xls}
     * workbook or a {@code .csv} file (UTF-8 with or without BOM, or GB18030), chosen by
     * {@code fileName}'s extension. Never throws for bad content: everything wrong is a
     * {@link Problem}.
     */
    public static Parsed<ProgressReport> read(byte[] content, String fileName, ReadOptions options) {
        Table table;
        try {
            table = Table.read(content, fileName);
        }
        catch (Table.UnreadableFileException e) {
            return new Parsed<>(List.of(), List.of(e.problem()), 0);
        }
        List<Problem> problems = new ArrayList<>();
        Columns columns = Columns.resolve(table, COLUMNS, KPI_COLUMNS, problems);
        columns.dynamic().forEach((index, kpi) -> {
            if (!InputRules.SHORT_ID.matcher(kpi).matches()) {
                String header = columns.headerAt(index);
                problems.add(Problem.of(1, header, "指标编号「" + kpi + "」格式不正确（" + InputRules.SHORT_ID.pattern() + "）",
                        "KPI id \"" + kpi + "\" must match " + InputRules.SHORT_ID.pattern()));
            }
        });
        boolean headerOk = problems.isEmpty();
        if (table.rows().isEmpty()) {
            problems.add(Problem.of(0, "", "文件中没有数据行", "the file has no data rows"));
        }
        List<Row<ProgressReport>> rows = new ArrayList<>();
        Map<String, Integer> rowOfEventId = new HashMap<>();
        for (Table.Line line : table.rows()) {
            RowReader reader = new RowReader(line, columns, SPECS);
            boolean derived = reader.cell("eventId").blank();
            ProgressReport report = report(reader, columns, options);
            Integer earlier = report == null ? null : rowOfEventId.putIfAbsent(report.eventId(), line.number());
            if (earlier != null && derived) {
                reader.problemAt("", "与第 " + earlier + " 行内容完全相同，只会计一次",
                        "same content as row " + earlier + ": it would be counted once");
            }
            else if (earlier != null) {
                reader.problem("eventId", "事件编号与第 " + earlier + " 行重复", "eventId is also on row " + earlier);
            }
            problems.addAll(reader.problems());
            if (reader.ok()) {
                rows.add(new Row<>(line.number(), report));
            }
        }
        return new Parsed<>(headerOk ? rows : List.of(), problems, table.rows().size());
    }

    private static ProgressReport report(RowReader row, Columns columns, ReadOptions options) {
        String initiativeId = row.id("initiativeId", InputRules.ID, true);
        ReadOptions.KnownInitiative known = initiativeId == null || options.catalog() == null ? null
                : options.catalog().get(initiativeId);
        if (initiativeId != null && options.catalog() != null && known == null) {
            row.problem("initiativeId", "事项「" + initiativeId + "」不在目录中，或不是本部门负责或配合的事项",
                    "initiative \"" + initiativeId + "\" is not in the catalog, or not one your department works on");
        }
        String eventId = row.id("eventId", InputRules.EVENT_ID, false);
        OffsetDateTime occurredAt = occurredAt(row, options);
        BigDecimal percent = row.number("percentComplete");
        if (percent != null && (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0)) {
            row.problem("percentComplete", "完成百分比必须在 0 到 100 之间", "percentComplete must be 0–100");
        }
        Map<String, Double> kpis = new LinkedHashMap<>();
        columns.dynamic().forEach((index, kpi) -> {
            String header = columns.headerAt(index);
            BigDecimal value = row.number(header, row.cellAt(index), "指标「" + kpi + "」", "kpis." + kpi);
            if (value != null && known != null && !known.kpis().contains(kpi)) {
                row.problemAt(header, "事项「" + known.id() + "」没有指标「" + kpi + "」；它的指标：" + known.kpis(),
                        "\"" + kpi + "\" is not a KPI of " + known.id() + " " + known.kpis());
            }
            if (value != null) {
                kpis.put(kpi, value.doubleValue());
            }
        });
        List<String> milestones = milestones(row, known);
        String health = health(row);
        String note = row.text("note", InputRules.MAX_NOTE, false);
        String reportedBy = row.text("reportedBy", InputRules.MAX_REPORTED_BY, true);
        String supersedes = row.id("supersedes", InputRules.EVENT_ID, false);
        if (supersedes != null && supersedes.equals(eventId)) {
            row.problem("supersedes", "更正事件编号不能是本行自己的事件编号", "supersedes must name another report, not this one");
        }
        boolean content = Stream.of("percentComplete", "milestones", "declaredHealth", "note")
            .anyMatch(key -> !row.cell(key).blank())
                || columns.dynamic().keySet().stream().anyMatch(index -> !row.cellAt(index).blank());
        if (!content) {
            row.problem("percentComplete", "至少填写完成百分比、指标、里程碑、自评状态或备注中的一项",
                    "a report needs at least one of percentComplete, kpis, milestones, declaredHealth, note");
        }
        if (!row.ok()) {
            return null;
        }
        Double percentValue = percent == null ? null : percent.doubleValue();
        String id = eventId != null ? eventId : EventIds.derive(initiativeId, occurredAt, percentValue, kpis,
                milestones, health, note, reportedBy, supersedes);
        return new ProgressReport(initiativeId, id, occurredAt, percentValue, kpis, milestones, health, note,
                reportedBy, supersedes);
    }

    private static OffsetDateTime occurredAt(RowReader row, ReadOptions options) {
        Cell cell = row.cell("occurredAt");
        if (row.formulaError(row.column("occurredAt"), cell)) {
            return null;
        }
        if (cell.blank()) {
            row.required("occurredAt");
            return null;
        }
        OffsetDateTime moment = Values.moment(cell, options.zone());
        if (moment == null) {
            row.problem("occurredAt", "无法识别的日期「" + cell.text() + "」，请写成 2026-06-30 或 2026-06-30 15:30",
                    "cannot read the date \"" + cell.text() + "\"; write 2026-06-30 or 2026-06-30 15:30");
            return null;
        }
        Instant instant = moment.toInstant();
        if (instant.isBefore(InputRules.EARLIEST_REPORT) || moment.getYear() > InputRules.LATEST_DATE.getYear()) {
            row.problem("occurredAt", "日期必须在 2000 年至 2100 年之间", "occurredAt must be between 2000 and 2100");
        }
        else if (instant.isAfter(options.clock().instant().plus(InputRules.MAX_FUTURE_SKEW))) {
            row.problem("occurredAt", "日期「" + cell.text() + "」在未来（最多可提前 1 天）",
                    "occurredAt " + moment + " is more than 1 day in the future");
        }
        return moment;
    }

    private static List<String> milestones(RowReader row, ReadOptions.KnownInitiative known) {
        Cell cell = row.cell("milestones");
        if (row.formulaError(row.column("milestones"), cell)) {
            return List.of();
        }
        List<String> ids = Values.list(cell);
        for (String id : ids) {
            if (!InputRules.SHORT_ID.matcher(id).matches()) {
                row.problem("milestones", "里程碑编号「" + id + "」格式不正确（" + InputRules.SHORT_ID.pattern() + "）",
                        "milestone id \"" + id + "\" must match " + InputRules.SHORT_ID.pattern());
            }
            else if (known != null && !known.milestones().contains(id)) {
                row.problem("milestones", "事项「" + known.id() + "」没有里程碑「" + id + "」；它的里程碑：" + known.milestones(),
                        "\"" + id + "\" is not a milestone of " + known.id() + " " + known.milestones());
            }
        }
        return ids;
    }

    private static String health(RowReader row) {
        Cell cell = row.cell("declaredHealth");
        if (cell.blank() || row.formulaError(row.column("declaredHealth"), cell)) {
            return null;
        }
        String value = HEALTH.get(Values.nfkc(cell.text()).strip().toLowerCase(Locale.ROOT).replace(' ', '_'));
        if (value == null) {
            row.problem("declaredHealth", "自评状态「" + cell.text() + "」无效，应为 正常、有风险、滞后、受阻、已完成 之一",
                    "declaredHealth must be one of on_track, at_risk, off_track, blocked, completed");
        }
        return value;
    }

    /**
     * The column (its Chinese header) that holds a field the publisher named in a
     * problem: {@code kpis.villas} is {@code 指标:villas}, {@code milestones[1]} is
     * {@code 里程碑}. For reporting the server's refusals on the rows they concern.
     */
    public static String column(String field) {
        if (field == null || field.isBlank()) {
            return "";
        }
        if (field.startsWith("kpis.")) {
            return "指标:" + field.substring("kpis.".length());
        }
        Columns.Spec spec = SPECS.get(field.replaceFirst("\\[\\d+]$", ""));
        return spec == null ? field : spec.chinese();
    }

    /**
     * The KPI a header names ({@code 指标:villas}, {@code kpi.villas},
     * {@code 指标：villas（栋）}), or null.
     */
    static String kpiId(String header) {
        Matcher m = KPI_HEADER.matcher(header.strip());
        return m.matches() ? Values.nfkc(m.group(1)).strip() : null;
    }

}
