package org.planwatch.publisher.plan;

import org.planwatch.access.PlanOwners;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.planwatch.events.Topics;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.catalog.CarryOver;
import org.planwatch.publisher.catalog.PlanClosure;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;

/**
 * Writes plans: validated, their state moved only forward (draft, active, closed,
 * archived) with the time of each step kept, acknowledged by Kafka.
 */
@Service
class PlanService {

    private final PlanView view;

    private final PlanOwners owners;

    private final PlanClosure closure;

    private final CarryOver carryOver;

    private final KafkaWriter writer;

    private final PublisherProperties properties;

    private final Clock clock;

    PlanService(PlanView view, PlanOwners owners, PlanClosure closure, CarryOver carryOver, KafkaWriter writer,
            PublisherProperties properties, Clock clock) {
        this.view = view;
        this.owners = owners;
        this.closure = closure;
        this.carryOver = carryOver;
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @return true when the plan is new
     */
    boolean put(String id, PlanDocument document, String updatedBy) {
        Plan plan = PlanMapper.toAvro(id, document);
        if (plan.getPreviousPlan() != null && view.get(plan.getPreviousPlan()).isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("previousPlan", "is not a known plan")));
        }
        // As the topic keeps it (timestamp-millis), so a re-read answers the same.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Plan> current = view.get(id);
        if (current.isPresent()) {
            Plan was = current.get();
            if (was.getState() == PlanState.ARCHIVED) {
                throw conflict("Plan " + id + " is archived: it no longer changes", was.getState());
            }
            if (plan.getState().ordinal() < was.getState().ordinal()) {
                throw conflict("Plan " + id + " is " + lower(was.getState()) + "; a plan's state moves only forward"
                        + " (draft, active, closed, archived)", was.getState());
            }
            plan.setActivatedAt(was.getActivatedAt());
            plan.setClosedAt(was.getClosedAt());
            plan.setArchivedAt(was.getArchivedAt());
        }
        stamp(plan, now);
        plan.setUpdatedAt(now);
        plan.setUpdatedBy(updatedBy);
        if (plan.getClosedAt() != null) {
            // Its initiatives first: the plan's record is the step's commit point.
            closure.stamp(plan, updatedBy);
        }
        KafkaWriter.Outcome outcome = writer
            .write(new KafkaWriter.Pending<>(Topics.PLANS, id, plan, now.toEpochMilli()), properties.ackTimeout());
        if (outcome instanceof KafkaWriter.Written written) {
            view.wrote(plan, written.metadata().offset());
            owners.wrote(plan);
            return current.isEmpty();
        }
        throw new KafkaUnavailableException(((KafkaWriter.Failed) outcome).reason());
    }

    /** The time a plan first reached each state it has reached, skipped ones included. */
    private static void stamp(Plan plan, Instant now) {
        int state = plan.getState().ordinal();
        if (state >= PlanState.ACTIVE.ordinal() && plan.getActivatedAt() == null) {
            plan.setActivatedAt(now);
        }
        if (state >= PlanState.CLOSED.ordinal() && plan.getClosedAt() == null) {
            plan.setClosedAt(now);
        }
        if (state >= PlanState.ARCHIVED.ordinal() && plan.getArchivedAt() == null) {
            plan.setArchivedAt(now);
        }
    }

    /**
     * A closed plan's unfinished initiatives (or the named ones) into a draft or active
     * plan, as new initiatives linked to the old; a retry answers the same.
     */
    List<CarryOver.Carried> carryOver(String id, CarryOverRequest request, String updatedBy) {
        Plan from = view.get(id).orElseThrow(() -> unknown(id));
        if (from.getState() != PlanState.CLOSED) {
            throw conflict("Plan " + id + " is " + lower(from.getState()) + "; only a closed plan's initiatives are"
                    + " carried over (close it first)", from.getState());
        }
        if (request == null || request.into() == null) {
            throw new InvalidInputException(List.of(new FieldProblem("into", "is required: the plan to carry into")));
        }
        Plan into = view.get(request.into())
            .filter(plan -> !plan.getId().equals(id))
            .orElseThrow(() -> new InvalidInputException(
                    List.of(new FieldProblem("into", "is not a known plan other than " + id))));
        if (into.getState() != PlanState.DRAFT && into.getState() != PlanState.ACTIVE) {
            throw new InvalidInputException(
                    List.of(new FieldProblem("into", "is " + lower(into.getState()) + ": it takes no initiatives")));
        }
        return carryOver.carry(from, into, request.initiatives(), request.ids(), updatedBy);
    }

    List<PlanDocument> list() {
        return view.all().stream().map(PlanMapper::toDocument).sorted(Comparator.comparing(PlanDocument::id)).toList();
    }

    Optional<PlanDocument> get(String id) {
        return view.get(id).map(PlanMapper::toDocument);
    }

    static ProblemException unknown(String id) {
        return Problems.unknownPlan(id, "id");
    }

    private static ProblemException conflict(String detail, PlanState state) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("/problems/plan-state"));
        problem.setTitle("Plan state out of order");
        problem.setProperty("state", lower(state));
        return new ProblemException(problem);
    }

    private static String lower(PlanState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

}
