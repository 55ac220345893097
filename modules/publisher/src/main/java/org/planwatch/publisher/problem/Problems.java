package org.planwatch.publisher.problem;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details as this API writes them: a stable type per kind of problem.
 */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail invalid(List<FieldProblem> problems) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                problems.isEmpty() ? "Invalid input" : problems.get(0).field() + ": " + problems.get(0).message());
        detail.setType(URI.create("/problems/invalid-input"));
        detail.setTitle("Invalid input");
        if (!problems.isEmpty()) {
            detail.setProperty("field", problems.get(0).field());
        }
        detail.setProperty("errors", problems);
        return detail;
    }

    public static ProblemDetail unknownInitiative(String id) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No initiative '" + id + "' in the catalog");
        detail.setType(URI.create("/problems/unknown-initiative"));
        detail.setTitle("Unknown initiative");
        detail.setProperty("field", "initiativeId");
        return detail;
    }

    /** 404 for a plan id that names no plan; {@code field} names where it came from. */
    public static ProblemException unknownPlan(String id, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No plan " + id);
        problem.setType(URI.create("/problems/unknown-plan"));
        problem.setTitle("Unknown plan");
        problem.setProperty("field", field);
        return new ProblemException(problem);
    }

    /**
     * The same answer for another department's initiative and for an id not in the
     * catalog.
     */
    public static ProblemDetail forbidden(String id) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "This token may not use initiative '" + id + "'");
        detail.setType(URI.create("/problems/forbidden"));
        detail.setTitle("Forbidden");
        detail.setProperty("field", "initiativeId");
        return detail;
    }

    /**
     * Kafka did not acknowledge in time. The record may or may not have been written (a
     * timed-out request can still have reached the broker), so the client must retry with
     * the same eventId: the aggregator counts it once either way.
     */
    public static ProblemDetail unavailable(String reason, String eventId) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                reason + "; not accepted: retry with the same eventId, which is counted once");
        detail.setType(URI.create("/problems/kafka-unavailable"));
        detail.setTitle("Kafka unavailable");
        if (eventId != null) {
            detail.setProperty("eventId", eventId);
        }
        return detail;
    }

    /** A report on an initiative whose plan has closed: its final verdict stands. */
    public static ProblemDetail planClosed(String initiativeId, String plan, Instant closedAt, String eventId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The plan " + plan
                + " of initiative " + initiativeId + " closed at " + closedAt + ": it takes no more reports");
        problem.setType(URI.create("/problems/plan-closed"));
        problem.setTitle("Plan closed");
        problem.setProperty("initiativeId", initiativeId);
        if (eventId != null) {
            problem.setProperty("eventId", eventId);
        }
        return problem;
    }

    /** A supervision step its slip's state does not allow: the detail names the state. */
    public static ProblemDetail slipState(String detail, String state) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("/problems/slip-state"));
        problem.setTitle("Step out of order");
        if (state != null) {
            problem.setProperty("state", state);
        }
        return problem;
    }

    public static ProblemDetail unknownSlip(String initiativeId, String slipId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No slip '" + slipId + "' on initiative '" + initiativeId + "'");
        problem.setType(URI.create("/problems/unknown-slip"));
        problem.setTitle("Unknown slip");
        problem.setProperty("field", "slipId");
        return problem;
    }

}
