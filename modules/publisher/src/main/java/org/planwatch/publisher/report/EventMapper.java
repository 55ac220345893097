package org.planwatch.publisher.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;

import static org.planwatch.publisher.problem.FieldChecks.enumValue;

/** Validates a report against its catalog entry and turns it into the Avro event. */
final class EventMapper {

    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final int MAX_NOTE = 2000;
    static final int MAX_REPORTED_BY = 100;

    /** Reports about the time before this are typos, not history. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private EventMapper() {
    }

    static ProgressEvent toAvro(EventRequest request, Initiative initiative, Instant receivedAt,
            Duration maxFutureSkew) {
        List<FieldProblem> problems = new ArrayList<>();
        String eventId = request.eventId() == null ? EventIds.next() : request.eventId();
        if (request.eventId() != null && !EVENT_ID.matcher(eventId).matches()) {
            problems.add(new FieldProblem("eventId", "must match " + EVENT_ID.pattern()));
        }
        Instant occurredAt = request.occurredAt() == null ? receivedAt : request.occurredAt().toInstant();
        if (occurredAt.isAfter(receivedAt.plus(maxFutureSkew))) {
            problems.add(new FieldProblem("occurredAt", "is in the future"));
        }
        if (occurredAt.isBefore(EARLIEST)) {
            problems.add(new FieldProblem("occurredAt", "is before " + EARLIEST));
        }
        Double percent = request.percentComplete();
        if (percent != null && !(percent >= 0 && percent <= 100)) {
            problems.add(new FieldProblem("percentComplete", "must be between 0 and 100"));
        }
        Map<String, Double> kpis = request.kpis() == null ? Map.of() : new LinkedHashMap<>(request.kpis());
        Set<String> knownKpis = new HashSet<>(initiative.getKpis().stream().map(Kpi::getId).toList());
        kpis.forEach((kpi, value) -> {
            if (!knownKpis.contains(kpi)) {
                problems.add(new FieldProblem("kpis." + kpi, "is not a KPI of this initiative " + knownKpis));
            }
            else if (value == null || !Double.isFinite(value)) {
                problems.add(new FieldProblem("kpis." + kpi, "must be a finite number"));
            }
        });
        List<String> milestones = request.milestones() == null ? List.of() : request.milestones();
        Set<String> knownMilestones = new HashSet<>(initiative.getMilestones().stream().map(Milestone::getId).toList());
        for (int i = 0; i < milestones.size(); i++) {
            if (!knownMilestones.contains(milestones.get(i))) {
                problems.add(new FieldProblem("milestones[" + i + "]",
                        "is not a milestone of this initiative " + knownMilestones));
            }
        }
        DeclaredHealth declared = enumValue(problems, "declaredHealth", request.declaredHealth(), DeclaredHealth.class,
                null);
        EventSource source = enumValue(problems, "source", request.source(), EventSource.class, EventSource.HTTP);
        if (request.note() != null && request.note().length() > MAX_NOTE) {
            problems.add(new FieldProblem("note", "is longer than " + MAX_NOTE + " characters"));
        }
        if (request.reportedBy() == null || request.reportedBy().isBlank()) {
            problems.add(new FieldProblem("reportedBy", "is required"));
        }
        else if (request.reportedBy().length() > MAX_REPORTED_BY) {
            problems.add(new FieldProblem("reportedBy", "is longer than " + MAX_REPORTED_BY + " characters"));
        }
        if (request.supersedes() != null && !EVENT_ID.matcher(request.supersedes()).matches()) {
            problems.add(new FieldProblem("supersedes", "must match " + EVENT_ID.pattern()));
        }
        else if (request.supersedes() != null && request.supersedes().equals(eventId)) {
            problems.add(new FieldProblem("supersedes", "must name another report, not this one"));
        }
        boolean hasContent = percent != null || !kpis.isEmpty() || !milestones.isEmpty() || declared != null
                || (request.note() != null && !request.note().isBlank());
        if (!hasContent) {
            problems.add(new FieldProblem("percentComplete",
                    "a report needs at least one of percentComplete, kpis, milestones, declaredHealth, note"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiative.getId())
            .setOccurredAt(occurredAt)
            .setReceivedAt(receivedAt)
            .setReportedBy(request.reportedBy().strip())
            .setDepartment(initiative.getDepartment())
            .setPercentComplete(percent)
            .setKpis(kpis)
            .setMilestonesReached(milestones)
            .setDeclaredHealth(declared)
            .setNote(request.note())
            .setSource(source)
            .setSupersedes(request.supersedes())
            .build();
    }

}
