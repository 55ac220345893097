package org.planwatch.sheets;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One checked progress report, as the publisher's event API takes it.
 *
 * @param initiativeId the catalog id
 * @param eventId the row's own, or one derived from the content (see {@code EventIds}):
 * the same report always gets the same id, so sending it again never counts it twice
 * @param occurredAt what moment the report is about, with the offset of the plan's zone
 * @param percentComplete 0–100, or null
 * @param kpis KPI id to value, in column order; empty when none
 * @param milestones milestone ids reached; empty when none
 * @param declaredHealth {@code on_track}, {@code at_risk}, {@code off_track},
 * {@code blocked}, {@code completed}, or null
 * @param note free text, or null
 * @param reportedBy who reports
 * @param supersedes the eventId of an earlier report this one corrects, or null
 */
public record ProgressReport(String initiativeId, String eventId, OffsetDateTime occurredAt, Double percentComplete,
        Map<String, Double> kpis, List<String> milestones, String declaredHealth, String note, String reportedBy,
        String supersedes) {

    /** What the publisher records as the event's origin. */
    public static final String SOURCE = "import";

    public ProgressReport {
        kpis = Collections.unmodifiableMap(new LinkedHashMap<>(kpis));
        milestones = List.copyOf(milestones);
    }

    /**
     * The event as JSON-ready values, in the API's field order, absent fields left out:
     * one item of {@code POST /api/v1/events} ({@code {"events": [...]}}), or the body of
     * {@code POST /api/v1/initiatives/{id}/events}. {@code occurredAt} is ISO-8601 with
     * its offset.
     */
    public Map<String, Object> toEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("initiativeId", initiativeId);
        event.put("occurredAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(occurredAt));
        putIf(event, "percentComplete", percentComplete);
        if (!kpis.isEmpty()) {
            event.put("kpis", kpis);
        }
        if (!milestones.isEmpty()) {
            event.put("milestones", milestones);
        }
        putIf(event, "declaredHealth", declaredHealth);
        putIf(event, "note", note);
        event.put("reportedBy", reportedBy);
        event.put("source", SOURCE);
        putIf(event, "supersedes", supersedes);
        return event;
    }

    private static void putIf(Map<String, Object> event, String field, Object value) {
        if (value != null) {
            event.put(field, value);
        }
    }
}
