package org.planwatch.publisher.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One progress report as a department posts it. Only {@code reportedBy} and one piece of
 * content (percent, KPI, milestone, declared health or note) are required; the server
 * makes an eventId when none is given, but a client that may retry should send its own.
 */
public record EventRequest(String eventId, String initiativeId, OffsetDateTime occurredAt, Double percentComplete,
        Map<String, Double> kpis, List<String> milestones, String declaredHealth, String note, String reportedBy,
        String source, String supersedes) {
}
