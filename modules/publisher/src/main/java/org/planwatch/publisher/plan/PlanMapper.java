package org.planwatch.publisher.plan;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.planwatch.events.avro.OwnerKind;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;

import static org.planwatch.publisher.problem.FieldChecks.enumValue;
import static org.planwatch.publisher.problem.FieldChecks.lower;
import static org.planwatch.publisher.problem.FieldChecks.text;

/** Validates a plan document and maps it to and from the Avro record. */
final class PlanMapper {

    /**
     * Plan ids: ASCII slugs, as initiative ids (they become Kafka keys and label values).
     */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,47}");

    static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    /** Where a plan's dates are read when the document names no zone. */
    static final String DEFAULT_ZONE = "Asia/Shanghai";

    private PlanMapper() {
    }

    /**
     * The document as a plan record, without the server's fields (state times, updated):
     * {@link PlanService} sets those.
     */
    static Plan toAvro(String id, PlanDocument doc) {
        if (doc == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add(new FieldProblem("id", "must match " + ID.pattern()));
        }
        if (doc.id() != null && !doc.id().equals(id)) {
            problems.add(new FieldProblem("id", "differs from the id in the path"));
        }
        serverSets(problems, "activatedAt", doc.activatedAt());
        serverSets(problems, "closedAt", doc.closedAt());
        serverSets(problems, "archivedAt", doc.archivedAt());
        serverSets(problems, "updatedAt", doc.updatedAt());
        serverSets(problems, "updatedBy", doc.updatedBy());
        text(problems, "name", doc.name(), 200, true);
        text(problems, "ownerName", doc.ownerName(), 100, true);
        if (doc.owner() == null || !OWNER.matcher(doc.owner()).matches()) {
            problems.add(new FieldProblem("owner", "must match " + OWNER.pattern()));
        }
        if (doc.ownerKind() == null) {
            problems.add(new FieldProblem("ownerKind", "is required (district or city)"));
        }
        OwnerKind ownerKind = enumValue(problems, "ownerKind", doc.ownerKind(), OwnerKind.class, OwnerKind.DISTRICT);
        PlanState state = enumValue(problems, "state", doc.state(), PlanState.class, PlanState.DRAFT);
        if (doc.periodStart() == null) {
            problems.add(new FieldProblem("periodStart", "is required"));
        }
        if (doc.periodEnd() == null) {
            problems.add(new FieldProblem("periodEnd", "is required"));
        }
        if (doc.periodStart() != null && doc.periodEnd() != null && doc.periodEnd().isBefore(doc.periodStart())) {
            problems.add(new FieldProblem("periodEnd", "is before periodStart"));
        }
        String zone = doc.zone() == null ? DEFAULT_ZONE : doc.zone();
        try {
            ZoneId.of(zone);
        }
        catch (DateTimeException e) {
            problems.add(new FieldProblem("zone", "is not an IANA time zone such as " + DEFAULT_ZONE));
        }
        if (doc.previousPlan() != null
                && (!ID.matcher(doc.previousPlan()).matches() || doc.previousPlan().equals(id))) {
            problems.add(new FieldProblem("previousPlan", "must be another plan's id"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return Plan.newBuilder()
            .setId(id)
            .setName(doc.name())
            .setOwner(doc.owner())
            .setOwnerName(doc.ownerName())
            .setOwnerKind(ownerKind)
            .setPeriodStart(doc.periodStart())
            .setPeriodEnd(doc.periodEnd())
            .setZone(zone)
            .setState(state)
            .setSample(Boolean.TRUE.equals(doc.sample()))
            .setPreviousPlan(doc.previousPlan())
            .setUpdatedAt(Instant.EPOCH)
            .setUpdatedBy("")
            .build();
    }

    private static void serverSets(List<FieldProblem> problems, String field, Object given) {
        if (given != null) {
            problems.add(new FieldProblem(field, "is set by the server"));
        }
    }

    static PlanDocument toDocument(Plan p) {
        return new PlanDocument(p.getId(), p.getName(), p.getOwner(), p.getOwnerName(), lower(p.getOwnerKind()),
                p.getPeriodStart(), p.getPeriodEnd(), p.getZone(), lower(p.getState()), p.getSample(),
                p.getPreviousPlan(), p.getActivatedAt(), p.getClosedAt(), p.getArchivedAt(), p.getUpdatedAt(),
                p.getUpdatedBy());
    }

}
