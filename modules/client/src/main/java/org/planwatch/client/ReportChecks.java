package org.planwatch.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.Milestone;

/**
 * The publisher's input rules for a report, for {@link KafkaProgressClient}, which has no
 * publisher in front of it: what breaks a rule would otherwise reach the aggregator's
 * dead-letter topic (or, for an unknown KPI, be silently ignored) instead of failing
 * where the mistake was made.
 */
final class ReportChecks {

    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final int MAX_NOTE = 2000;
    static final int MAX_REPORTED_BY = 100;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** The publisher's default {@code planwatch.publisher.max-future-skew}. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);

    private ReportChecks() {
    }

    record FieldProblem(String field, String message) {
    }

    static List<FieldProblem> check(Report report, Initiative initiative, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!EVENT_ID.matcher(report.eventId()).matches()) {
            problems.add(new FieldProblem("eventId", "must match " + EVENT_ID.pattern()));
        }
        Instant occurredAt = report.occurredAt().toInstant();
        if (occurredAt.isAfter(now.plus(MAX_FUTURE_SKEW))) {
            problems.add(new FieldProblem("occurredAt", "is in the future"));
        }
        if (occurredAt.isBefore(EARLIEST)) {
            problems.add(new FieldProblem("occurredAt", "is before " + EARLIEST));
        }
        Double percent = report.percentComplete();
        if (percent != null && !(percent >= 0 && percent <= 100)) {
            problems.add(new FieldProblem("percentComplete", "must be between 0 and 100"));
        }
        Set<String> kpis = initiative.getKpis().stream().map(Kpi::getId).collect(Collectors.toSet());
        for (Map.Entry<String, Double> kpi : report.kpis().entrySet()) {
            if (!kpis.contains(kpi.getKey())) {
                problems.add(new FieldProblem("kpis." + kpi.getKey(), "is not a KPI of this initiative " + kpis));
            }
            else if (!Double.isFinite(kpi.getValue())) {
                problems.add(new FieldProblem("kpis." + kpi.getKey(), "must be a finite number"));
            }
        }
        Set<String> milestones = initiative.getMilestones().stream().map(Milestone::getId).collect(Collectors.toSet());
        for (int i = 0; i < report.milestones().size(); i++) {
            if (!milestones.contains(report.milestones().get(i))) {
                problems.add(new FieldProblem("milestones[" + i + "]",
                        "is not a milestone of this initiative " + milestones));
            }
        }
        if (report.note() != null && report.note().length() > MAX_NOTE) {
            problems.add(new FieldProblem("note", "is longer than " + MAX_NOTE + " characters"));
        }
        if (report.reportedBy().strip().length() > MAX_REPORTED_BY) {
            problems.add(new FieldProblem("reportedBy", "is longer than " + MAX_REPORTED_BY + " characters"));
        }
        if (report.supersedes() != null && !EVENT_ID.matcher(report.supersedes()).matches()) {
            problems.add(new FieldProblem("supersedes", "must match " + EVENT_ID.pattern()));
        }
        else if (report.eventId().equals(report.supersedes())) {
            problems.add(new FieldProblem("supersedes", "must name another report, not this one"));
        }
        boolean hasContent = percent != null || !report.kpis().isEmpty() || !report.milestones().isEmpty()
                || report.declaredHealth() != null || (report.note() != null && !report.note().isBlank());
        if (!hasContent) {
            problems.add(new FieldProblem("percentComplete",
                    "a report needs at least one of percentComplete, kpis, milestones, declaredHealth, note"));
        }
        return problems;
    }

    /**
     * The problem the publisher would answer: 400, the first field named, all of them in
     * {@code errors}.
     */
    static Problem invalid(List<FieldProblem> problems) {
        FieldProblem first = problems.get(0);
        String detail = first.field() + ": " + first.message();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "/problems/invalid-input");
        json.put("title", "Invalid input");
        json.put("status", 400);
        json.put("detail", detail);
        json.put("field", first.field());
        json.put("errors", problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        return new Problem(400, "/problems/invalid-input", "Invalid input", detail, first.field(),
                ReportJson.write(json));
    }

}
