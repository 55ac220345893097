package org.planwatch.publisher.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import org.planwatch.publisher.report.EventRequest;

/**
 * The update form as the browser sent it: every field a string, checked here in Chinese
 * for what a clerk gets wrong most (numbers, ranges, the name), then by the publisher's
 * own rules like any report. The eventId was put in the form when it was drawn, so
 * sending the same form twice (a double click, a reload, a retry after an outage) counts
 * once.
 *
 * @param kpis what was typed per KPI id
 */
record ReportForm(String eventId, String date, String percentComplete, Map<String, String> kpis,
        List<String> milestones, String declaredHealth, String note, String reportedBy) {

    static final Map<String, String> HEALTH = Map.of("on_track", "正常", "at_risk", "有风险", "off_track", "滞后", "blocked",
            "受阻", "completed", "已完成");

    /**
     * A blank form for an initiative, with a fresh eventId and today's date in the plan's
     * zone.
     */
    static ReportForm blank(Initiative initiative, String eventId, LocalDate today) {
        Map<String, String> kpis = new LinkedHashMap<>();
        initiative.getKpis().forEach(k -> kpis.put(k.getId(), ""));
        return new ReportForm(eventId, today.toString(), "", kpis, List.of(), "", "", "");
    }

    /**
     * Reads the posted fields: {@code kpi.<id>} per KPI of the initiative,
     * {@code milestone} repeated.
     */
    static ReportForm of(Initiative initiative, Map<String, String[]> parameters) {
        Map<String, String> kpis = new LinkedHashMap<>();
        for (Kpi kpi : initiative.getKpis()) {
            kpis.put(kpi.getId(), first(parameters, "kpi." + kpi.getId()));
        }
        String[] milestones = parameters.getOrDefault("milestone", new String[0]);
        return new ReportForm(first(parameters, "eventId"), first(parameters, "date"),
                first(parameters, "percentComplete"), kpis, List.of(milestones), first(parameters, "declaredHealth"),
                first(parameters, "note"), first(parameters, "reportedBy"));
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 || values[0] == null ? "" : values[0].strip();
    }

    /**
     * The report, or the problems by field ({@code kpi.<id>} for a KPI). A date of today
     * means now; an earlier date means 17:00 that day, as the importer reads a date.
     */
    Checked check(ZoneId zone, Clock clock) {
        Map<String, String> errors = new LinkedHashMap<>();
        OffsetDateTime occurredAt = null;
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (!date.isEmpty()) {
            try {
                LocalDate day = LocalDate.parse(date);
                occurredAt = day.equals(today) ? OffsetDateTime.now(clock.withZone(zone))
                        : day.atTime(17, 0).atZone(zone).toOffsetDateTime();
                if (day.isAfter(today)) {
                    errors.put("date", "日期不能晚于今天");
                }
            }
            catch (DateTimeParseException e) {
                errors.put("date", "请按 2026-06-30 的格式填写日期");
            }
        }
        Double percent = number(errors, "percentComplete", percentComplete, "完成百分比");
        if (percent != null && (percent < 0 || percent > 100)) {
            errors.put("percentComplete", "完成百分比必须在 0 到 100 之间");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        kpis.forEach((id, text) -> {
            Double value = number(errors, "kpi." + id, text, "指标");
            if (value != null) {
                values.put(id, value);
            }
        });
        String health = declaredHealth.isEmpty() ? null : declaredHealth;
        if (health != null && !HEALTH.containsKey(health)) {
            errors.put("declaredHealth", "请从列表中选择自评状态");
        }
        if (reportedBy.isEmpty()) {
            errors.put("reportedBy", "请填写填报人");
        }
        if (percent == null && values.isEmpty() && milestones.isEmpty() && health == null && note.isEmpty()
                && !errors.containsKey("percentComplete")) {
            errors.put("percentComplete", "至少填写完成百分比、指标、里程碑、自评状态或备注中的一项");
        }
        EventRequest request = new EventRequest(eventId.isEmpty() ? null : eventId, null, occurredAt, percent, values,
                new ArrayList<>(milestones), health, note.isEmpty() ? null : note, reportedBy, "http", null);
        return new Checked(request, errors);
    }

    private static Double number(Map<String, String> errors, String field, String text, String label) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.replace(",", "").replace("，", "").replace("%", ""));
            return value.doubleValue();
        }
        catch (NumberFormatException e) {
            errors.put(field, label + "必须是数字");
            return null;
        }
    }

    /**
     * @param errors Chinese message by form field; empty when the report may be sent
     */
    record Checked(EventRequest request, Map<String, String> errors) {
    }

    /**
     * The form field a publisher problem names: {@code kpis.x} is {@code kpi.x},
     * {@code milestones[0]} is {@code milestone}.
     */
    static String formField(String field) {
        if (field == null) {
            return "";
        }
        if (field.startsWith("kpis.")) {
            return "kpi." + field.substring("kpis.".length());
        }
        if (field.startsWith("milestones")) {
            return "milestone";
        }
        return field.equals("occurredAt") ? "date" : field;
    }
}
