package org.planwatch.publisher.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.planwatch.access.Caller;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import tools.jackson.databind.JsonNode;

/**
 * What the templates show, in Chinese, made from a catalog entry and the aggregator's
 * status.
 */
final class Views {

    static final Map<String, String> HEALTH = Map.of("not_started", "未开始", "on_track", "正常", "at_risk", "有风险",
            "off_track", "滞后", "completed", "已完成");

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Views() {
    }

    /**
     * @param lead whether the department leads it (else it supports it)
     * @param status null when the aggregator did not answer
     */
    record Card(String id, String name, String program, String dueDate, boolean lead, Status status) {
    }

    /**
     * @param progress percent done, 0–100, rounded
     * @param expected percent expected by today from the plan
     * @param healthClass a CSS class for the health badge
     * @param lastReport when the latest counted report happened, in the plan's zone; null
     * for none
     */
    record Status(long progress, long expected, String health, String healthClass, boolean stalled, boolean silent,
            String declaredHealth, String lastReport, long eventsCounted, List<KpiLine> kpis, int milestonesReached,
            int milestonesTotal) {
    }

    record KpiLine(String name, String value, String target, String unit) {
    }

    static Card card(Initiative i, Caller caller, JsonNode status, ZoneId zone) {
        return new Card(i.getId(), i.getName(), i.getProgram(), i.getDueDate().toString(),
                i.getDepartment().equals(caller.department()), status == null ? null : status(i, status, zone));
    }

    private static Status status(Initiative i, JsonNode s, ZoneId zone) {
        String health = s.path("health").asString("");
        List<KpiLine> kpis = new ArrayList<>();
        for (Kpi kpi : i.getKpis()) {
            JsonNode k = s.path("kpis").path(kpi.getId());
            JsonNode value = k.path("value");
            kpis.add(new KpiLine(kpi.getName(), value.isNumber() ? number(value.asDouble()) : "—",
                    number(kpi.getTarget()), kpi.getUnit() == null ? "" : kpi.getUnit()));
        }
        String last = s.path("lastReportAt").isString()
                ? WHEN.format(Instant.parse(s.path("lastReportAt").asString()).atZone(zone)) : null;
        String declared = s.path("declaredHealth").isString()
                ? ReportForm.HEALTH.get(s.path("declaredHealth").asString()) : null;
        return new Status(Math.round(s.path("progress").asDouble() * 100),
                Math.round(s.path("expected").asDouble() * 100), HEALTH.getOrDefault(health, health),
                "health-" + health.replace('_', '-'), s.path("stalled").asBoolean(), s.path("silent").asBoolean(),
                declared, last, s.path("eventsCounted").asLong(), kpis, s.path("milestonesReached").size(),
                s.path("milestonesTotal").asInt());
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }

}
