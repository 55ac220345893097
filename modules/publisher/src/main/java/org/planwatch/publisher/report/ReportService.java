package org.planwatch.publisher.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.problem.Problems;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;

/**
 * Turns reports into events on {@code progress.<program>}, keyed by initiative, and tells
 * each caller what Kafka made of them. A report is accepted only once Kafka acknowledged
 * it.
 */
@Service
public class ReportService {

    private final CatalogView catalog;

    private final KafkaWriter writer;

    private final PublisherProperties properties;

    private final Clock clock;

    private final Counter accepted;

    private final Counter invalid;

    private final Counter unknown;

    private final Counter unavailable;

    private final Counter forbidden;

    ReportService(CatalogView catalog, KafkaWriter writer, PublisherProperties properties, Clock clock,
            MeterRegistry registry) {
        this.catalog = catalog;
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
        this.accepted = outcome(registry, "accepted");
        this.invalid = outcome(registry, "invalid");
        this.unknown = outcome(registry, "unknown_initiative");
        this.unavailable = outcome(registry, "unavailable");
        this.forbidden = outcome(registry, "forbidden");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("progress.reports")
            .description("Progress reports received over HTTP, by outcome")
            .tag("outcome", outcome)
            .register(registry);
    }

    /** One item's result: accepted with its eventId, or refused with a problem. */
    public record Result(int status, String eventId, ProblemDetail problem) {
    }

    /**
     * @throws InvalidInputException, AccessDeniedException or KafkaUnavailableException
     */
    public String reportOne(Caller caller, String initiativeId, EventRequest request) {
        if (request != null && request.initiativeId() != null && !request.initiativeId().equals(initiativeId)) {
            invalid.increment();
            throw new InvalidInputException(
                    List.of(new FieldProblem("initiativeId", "differs from the id in the path")));
        }
        Result result = report(caller, List.of(withInitiative(request, initiativeId))).get(0);
        if (result.status() == 202) {
            return result.eventId();
        }
        if (result.status() == 403) {
            throw AccessDeniedException.initiative(initiativeId);
        }
        if (result.status() == 409) {
            throw new ProblemException(result.problem());
        }
        if (result.status() == 503) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the event in time", result.eventId());
        }
        throw new InvalidInputException(problemsOf(result.problem()));
    }

    public List<Result> report(Caller caller, List<EventRequest> requests) {
        Instant receivedAt = clock.instant();
        requireCatalog();
        Result[] results = new Result[requests.size()];
        List<KafkaWriter.Pending<ProgressEvent>> pending = new ArrayList<>();
        List<Integer> pendingIndex = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            EventRequest request = requests.get(i);
            if (request == null || request.initiativeId() == null) {
                invalid.increment();
                results[i] = new Result(400, null,
                        Problems.invalid(List.of(new FieldProblem("initiativeId", "is required"))));
                continue;
            }
            Initiative initiative = catalog.get(request.initiativeId()).orElse(null);
            if (initiative == null
                    || !caller.mayReport(initiative.getDepartment(), initiative.getSupportingDepartments())) {
                // Unknown and not yours get the same answer: a department cannot map the
                // catalog by probing.
                (initiative == null ? unknown : forbidden).increment();
                results[i] = new Result(403, request.eventId(), Problems.forbidden(request.initiativeId()));
                continue;
            }
            if (initiative.getClosedAt() != null) {
                results[i] = new Result(409, request.eventId(), Problems.planClosed(initiative.getId(),
                        initiative.getPlan(), initiative.getClosedAt(), request.eventId()));
                continue;
            }
            try {
                ProgressEvent event = EventMapper.toAvro(request, initiative, receivedAt, properties.maxFutureSkew());
                pending.add(new KafkaWriter.Pending<>(Topics.progress(initiative.getProgram()), initiative.getId(),
                        event, receivedAt.toEpochMilli()));
                pendingIndex.add(i);
            }
            catch (InvalidInputException e) {
                invalid.increment();
                results[i] = new Result(400, request.eventId(), Problems.invalid(e.problems()));
            }
        }
        List<KafkaWriter.Outcome> outcomes = writer.writeAll(pending, properties.ackTimeout());
        for (int j = 0; j < outcomes.size(); j++) {
            String eventId = pending.get(j).value().getEventId();
            if (outcomes.get(j) instanceof KafkaWriter.Failed failed) {
                unavailable.increment();
                results[pendingIndex.get(j)] = new Result(503, eventId, Problems.unavailable(failed.reason(), eventId));
            }
            else {
                accepted.increment();
                results[pendingIndex.get(j)] = new Result(202, eventId, null);
            }
        }
        return List.of(results);
    }

    private void requireCatalog() {
        if (!catalog.isCaughtUp()) {
            throw new KafkaUnavailableException("The catalog is still loading from Kafka");
        }
    }

    private static EventRequest withInitiative(EventRequest r, String initiativeId) {
        if (r == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        return new EventRequest(r.eventId(), initiativeId, r.occurredAt(), r.percentComplete(), r.kpis(),
                r.milestones(), r.declaredHealth(), r.note(), r.reportedBy(), r.source(), r.supersedes());
    }

    @SuppressWarnings("unchecked")
    private static List<FieldProblem> problemsOf(ProblemDetail problem) {
        Object errors = problem.getProperties() == null ? null : problem.getProperties().get("errors");
        return errors instanceof List<?> list ? (List<FieldProblem>) list : List.of();
    }

}
