package org.planwatch.publisher.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.TrajectoryPoint;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;

import static org.planwatch.publisher.problem.FieldChecks.enumValue;
import static org.planwatch.publisher.problem.FieldChecks.lower;
import static org.planwatch.publisher.problem.FieldChecks.text;

/** Validates a catalog document and maps it to and from the Avro catalog record. */
final class CatalogMapper {

    /**
     * Initiative, KPI and milestone ids: ASCII slugs (they become Kafka keys and label
     * values).
     */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,47}");
    static final Pattern SHORT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 4000;

    private CatalogMapper() {
    }

    static Initiative toAvro(String id, InitiativeDocument doc, Instant now, String updatedBy) {
        List<FieldProblem> problems = new ArrayList<>();
        if (doc == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        if (!ID.matcher(id).matches()) {
            problems.add(new FieldProblem("id", "must match " + ID.pattern()));
        }
        if (doc.updatedAt() != null) {
            problems.add(new FieldProblem("updatedAt", "is set by the server"));
        }
        if (doc.updatedBy() != null) {
            problems.add(new FieldProblem("updatedBy", "is set by the server"));
        }
        if (doc.id() != null && !doc.id().equals(id)) {
            problems.add(new FieldProblem("id", "differs from the id in the path"));
        }
        if (doc.plan() != null && !ID.matcher(doc.plan()).matches()) {
            problems.add(new FieldProblem("plan", "must match " + ID.pattern()));
        }
        if (doc.carriedFrom() != null && (!ID.matcher(doc.carriedFrom()).matches() || doc.carriedFrom().equals(id))) {
            problems.add(new FieldProblem("carriedFrom", "must be the id of another initiative"));
        }
        if (doc.baseline() != null && (doc.carriedFrom() == null || !(doc.baseline() >= 0 && doc.baseline() <= 1))) {
            problems.add(new FieldProblem("baseline", "must be 0-1, and only with carriedFrom"));
        }
        if (doc.closedAt() != null) {
            problems.add(new FieldProblem("closedAt", "is set when its plan closes"));
        }
        if (doc.archivedAt() != null) {
            problems.add(new FieldProblem("archivedAt", "is set when its plan is archived"));
        }
        text(problems, "name", doc.name(), MAX_NAME, true);
        text(problems, "description", doc.description(), MAX_DESCRIPTION, false);
        if (doc.program() == null || !Topics.PROGRAM_ID.matcher(doc.program()).matches()
                || "dlt".equals(doc.program())) {
            problems
                .add(new FieldProblem("program", "must match " + Topics.PROGRAM_ID.pattern() + " (and not be 'dlt')"));
        }
        if (doc.department() == null || !SHORT_ID.matcher(doc.department()).matches()) {
            problems.add(new FieldProblem("department", "must match " + SHORT_ID.pattern()));
        }
        List<String> supporting = doc.supportingDepartments() == null ? List.of() : doc.supportingDepartments();
        for (int i = 0; i < supporting.size(); i++) {
            if (supporting.get(i) == null || !SHORT_ID.matcher(supporting.get(i)).matches()) {
                problems.add(new FieldProblem("supportingDepartments[" + i + "]", "must match " + SHORT_ID.pattern()));
            }
        }
        if (doc.startDate() == null) {
            problems.add(new FieldProblem("startDate", "is required"));
        }
        if (doc.dueDate() == null) {
            problems.add(new FieldProblem("dueDate", "is required"));
        }
        date(problems, "startDate", doc.startDate());
        date(problems, "dueDate", doc.dueDate());
        if (doc.startDate() != null && doc.dueDate() != null && doc.dueDate().isBefore(doc.startDate())) {
            problems.add(new FieldProblem("dueDate", "is before startDate"));
        }
        Measure measure = enumValue(problems, "measure", doc.measure(), Measure.class, Measure.PERCENT);
        List<Milestone> milestones = milestones(problems, doc.milestones());
        List<Kpi> kpis = kpis(problems, doc.kpis());
        if (measure == Measure.MILESTONES && milestones.isEmpty()) {
            problems.add(new FieldProblem("milestones", "must not be empty when measure is milestones"));
        }
        if (measure == Measure.KPI && kpis.isEmpty()) {
            problems.add(new FieldProblem("kpis", "must not be empty when measure is kpi"));
        }
        List<TrajectoryPoint> trajectory = trajectory(problems, doc.trajectory());
        if (doc.parentId() != null && (!ID.matcher(doc.parentId()).matches() || doc.parentId().equals(id))) {
            problems.add(new FieldProblem("parentId", "must be the id of another initiative"));
        }
        double weight = doc.weight() == null ? 1.0 : doc.weight();
        if (!(weight > 0) || Double.isInfinite(weight)) {
            problems.add(new FieldProblem("weight", "must be a positive number"));
        }
        int cadence = doc.reportingCadenceDays() == null ? 14 : doc.reportingCadenceDays();
        if (cadence < 1 || cadence > 366) {
            problems.add(new FieldProblem("reportingCadenceDays", "must be 1-366"));
        }
        int stall = doc.stallAfterDays() == null ? 30 : doc.stallAfterDays();
        if (stall < 1 || stall > 366) {
            problems.add(new FieldProblem("stallAfterDays", "must be 1-366"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return Initiative.newBuilder()
            .setId(id)
            .setName(doc.name().strip())
            .setDescription(doc.description())
            .setProgram(doc.program())
            .setDepartment(doc.department())
            .setSupportingDepartments(supporting)
            .setStartDate(doc.startDate())
            .setDueDate(doc.dueDate())
            .setMeasure(measure)
            .setMilestones(milestones)
            .setKpis(kpis)
            .setTrajectory(trajectory)
            .setParentId(doc.parentId())
            .setWeight(weight)
            .setReportingCadenceDays(cadence)
            .setStallAfterDays(stall)
            .setUpdatedAt(now)
            .setUpdatedBy(updatedBy)
            .setPublic$(Boolean.TRUE.equals(doc.shownInPublic()))
            .setPlan(doc.plan())
            .setCarriedFrom(doc.carriedFrom())
            .setBaseline(doc.baseline())
            .build();
    }

    static InitiativeDocument toDocument(Initiative i) {
        return new InitiativeDocument(i.getId(), i.getName(), i.getDescription(), i.getProgram(), i.getDepartment(),
                i.getSupportingDepartments(), i.getStartDate(), i.getDueDate(), lower(i.getMeasure()),
                i.getMilestones()
                    .stream()
                    .map(m -> new InitiativeDocument.MilestoneDocument(m.getId(), m.getName(), m.getWeight(),
                            m.getPlannedDate()))
                    .toList(),
                i.getKpis()
                    .stream()
                    .map(k -> new InitiativeDocument.KpiDocument(k.getId(), k.getName(), k.getUnit(), k.getBaseline(),
                            k.getTarget(), lower(k.getDirection())))
                    .toList(),
                i.getTrajectory()
                    .stream()
                    .map(t -> new InitiativeDocument.TrajectoryPointDocument(t.getDate(), t.getExpected()))
                    .toList(),
                i.getParentId(), i.getWeight(), i.getReportingCadenceDays(), i.getStallAfterDays(), i.getUpdatedAt(),
                i.getUpdatedBy(), i.getPublic$() ? Boolean.TRUE : null, i.getPlan(), i.getCarriedFrom(),
                i.getBaseline(), i.getClosedAt(), i.getArchivedAt());
    }

    /**
     * Plans are about this century; a date far outside is a typo (and would not fit
     * Avro's day count).
     */
    static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(2100, 12, 31);

    private static void date(List<FieldProblem> problems, String field, LocalDate date) {
        if (date != null && (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE))) {
            problems.add(new FieldProblem(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE));
        }
    }

    private static List<Milestone> milestones(List<FieldProblem> problems,
            List<InitiativeDocument.MilestoneDocument> docs) {
        List<Milestone> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; docs != null && i < docs.size(); i++) {
            InitiativeDocument.MilestoneDocument m = docs.get(i);
            String at = "milestones[" + i + "]";
            if (m == null || m.id() == null || !SHORT_ID.matcher(m.id()).matches() || !ids.add(m.id())) {
                problems.add(new FieldProblem(at + ".id", "must be a unique id matching " + SHORT_ID.pattern()));
                continue;
            }
            text(problems, at + ".name", m.name(), MAX_NAME, true);
            date(problems, at + ".plannedDate", m.plannedDate());
            double weight = m.weight() == null ? 1.0 : m.weight();
            if (!(weight > 0) || Double.isInfinite(weight)) {
                problems.add(new FieldProblem(at + ".weight", "must be a positive number"));
            }
            result.add(new Milestone(m.id(), m.name(), weight, m.plannedDate()));
        }
        return result;
    }

    private static List<Kpi> kpis(List<FieldProblem> problems, List<InitiativeDocument.KpiDocument> docs) {
        List<Kpi> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; docs != null && i < docs.size(); i++) {
            InitiativeDocument.KpiDocument k = docs.get(i);
            String at = "kpis[" + i + "]";
            if (k == null || k.id() == null || !SHORT_ID.matcher(k.id()).matches() || !ids.add(k.id())) {
                problems.add(new FieldProblem(at + ".id", "must be a unique id matching " + SHORT_ID.pattern()));
                continue;
            }
            text(problems, at + ".name", k.name(), MAX_NAME, true);
            text(problems, at + ".unit", k.unit(), 20, false);
            double baseline = k.baseline() == null ? 0.0 : k.baseline();
            if (!Double.isFinite(baseline)) {
                problems.add(new FieldProblem(at + ".baseline", "must be a finite number"));
            }
            if (k.target() == null || !Double.isFinite(k.target()) || k.target() == baseline) {
                problems.add(new FieldProblem(at + ".target", "must be a finite number other than the baseline"));
                continue;
            }
            KpiDirection direction = enumValue(problems, at + ".direction", k.direction(), KpiDirection.class,
                    k.target() >= baseline ? KpiDirection.INCREASE : KpiDirection.DECREASE);
            result.add(new Kpi(k.id(), k.name(), k.unit(), baseline, k.target(), direction));
        }
        return result;
    }

    private static List<TrajectoryPoint> trajectory(List<FieldProblem> problems,
            List<InitiativeDocument.TrajectoryPointDocument> docs) {
        List<TrajectoryPoint> result = new ArrayList<>();
        for (int i = 0; docs != null && i < docs.size(); i++) {
            InitiativeDocument.TrajectoryPointDocument p = docs.get(i);
            String at = "trajectory[" + i + "]";
            if (p == null || p.date() == null) {
                problems.add(new FieldProblem(at + ".date", "is required"));
                continue;
            }
            date(problems, at + ".date", p.date());
            if (p.expected() == null || !(p.expected() >= 0 && p.expected() <= 1)) {
                problems.add(new FieldProblem(at + ".expected", "must be between 0 and 1"));
                continue;
            }
            if (!result.isEmpty() && !p.date().isAfter(result.get(result.size() - 1).getDate())) {
                problems.add(new FieldProblem(at + ".date", "must be after the previous point's date"));
            }
            result.add(new TrajectoryPoint(p.date(), p.expected()));
        }
        return result;
    }

}
