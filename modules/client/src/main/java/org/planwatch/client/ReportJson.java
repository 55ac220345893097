package org.planwatch.client;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher's JSON, both ways: a report as docs/departments.md's "Progress events"
 * describes it, and the answers (accepted, batch results, problem details).
 */
final class ReportJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final int MAX_DETAIL = 500;

    private ReportJson() {
    }

    /**
     * One event; absent values are left out (the publisher refuses unknown fields, not
     * missing ones).
     */
    static Map<String, Object> event(Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", report.eventId());
        json.put("initiativeId", report.initiativeId());
        json.put("occurredAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(report.occurredAt()));
        putIfPresent(json, "percentComplete", report.percentComplete());
        if (!report.kpis().isEmpty()) {
            json.put("kpis", report.kpis());
        }
        if (!report.milestones().isEmpty()) {
            json.put("milestones", report.milestones());
        }
        putIfPresent(json, "declaredHealth",
                report.declaredHealth() == null ? null : report.declaredHealth().name().toLowerCase(Locale.ROOT));
        putIfPresent(json, "note", report.note());
        json.put("reportedBy", report.reportedBy());
        json.put("source", report.source());
        putIfPresent(json, "supersedes", report.supersedes());
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    static String write(Object json) {
        return MAPPER.writeValueAsString(json);
    }

    static byte[] single(Report report) {
        return MAPPER.writeValueAsBytes(event(report));
    }

    static byte[] batch(List<Report> reports) {
        return MAPPER.writeValueAsBytes(Map.of("events", reports.stream().map(ReportJson::event).toList()));
    }

    /**
     * One item of a batch answer: its index in the request, status and problem (null when
     * accepted).
     */
    record ItemAnswer(int index, int status, Problem problem) {
    }

    /**
     * @throws IllegalStateException when the body is not the publisher's batch answer
     */
    static List<ItemAnswer> batchAnswer(String body) {
        JsonNode results;
        try {
            results = MAPPER.readTree(body).path("results");
        }
        catch (JacksonException e) {
            throw new IllegalStateException("Not a batch answer: " + truncate(body), e);
        }
        if (!results.isArray()) {
            throw new IllegalStateException("Not a batch answer: " + truncate(body));
        }
        List<ItemAnswer> answers = new ArrayList<>();
        for (JsonNode item : results) {
            int status = item.path("status").asInt(0);
            JsonNode problem = item.path("problem");
            answers.add(new ItemAnswer(item.path("index").asInt(-1), status,
                    problem.isObject() ? problem(status, problem) : null));
        }
        return answers;
    }

    /**
     * The problem in an error answer. A body that is not problem JSON (say, a proxy's
     * HTML page) still gives a problem with the status and the start of the body as its
     * detail.
     */
    static Problem problem(int status, String body) {
        try {
            JsonNode node = MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
            if (node.isObject()) {
                return problem(status, node);
            }
        }
        catch (JacksonException notJson) {
            // fall through: not problem details
        }
        return new Problem(status, null, "HTTP " + status, truncate(body), null, "{}");
    }

    private static Problem problem(int status, JsonNode node) {
        JsonNode properties = node.path("properties");
        String field = text(node, "field");
        if (field == null && properties.isObject()) {
            field = text(properties, "field");
        }
        return new Problem(node.path("status").asInt(status), text(node, "type"), text(node, "title"),
                text(node, "detail"), field, node.toString());
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isString() ? value.stringValue() : null;
    }

    private static String truncate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_DETAIL ? body : body.substring(0, MAX_DETAIL) + "...";
    }

}
