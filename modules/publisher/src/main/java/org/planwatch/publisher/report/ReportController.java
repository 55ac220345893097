package org.planwatch.publisher.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Progress reports: one at a time, or a batch with a result per event. */
@Tag(name = "progress", description = "Progress reports from departments")
@RestController
class ReportController {

    private final ReportService reports;

    private final PublisherProperties properties;

    ReportController(ReportService reports, PublisherProperties properties) {
        this.reports = reports;
        this.properties = properties;
    }

    /**
     * 202 only after Kafka acknowledged the event. Department tokens only, for their own
     * initiatives.
     */
    @Operation(summary = "Report progress on one initiative",
            description = "Department tokens, for initiatives the department owns or supports. 202 only after"
                    + " Kafka acknowledged the event; 503 with Retry-After and the eventId when it did not:"
                    + " retry with the same eventId, counted once.")
    @PostMapping("/api/v1/initiatives/{id}/events")
    ResponseEntity<Map<String, String>> report(Caller caller, @PathVariable String id,
            @RequestBody EventRequest request) {
        caller.require(Role.DEPARTMENT, "report progress");
        String eventId = reports.reportOne(caller, id, request);
        return ResponseEntity.accepted().body(Map.of("eventId", eventId, "initiativeId", id, "status", "accepted"));
    }

    record BatchRequest(List<EventRequest> events) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemResult(int index, int status, String eventId, ProblemDetail problem) {
    }

    record BatchResponse(int accepted, int rejected, List<ItemResult> results) {
    }

    /**
     * Always 200 when the batch itself is well-formed; each item carries its own status
     * (202, 400, 403 or 503). An item for an initiative the department does not work on,
     * or for an id not in the catalog, gets 403: one answer for both.
     */
    @Operation(summary = "Report a batch of up to 1000 events",
            description = "Department tokens. 200 with a status per item: 202, 400, 403 (another department's"
                    + " or an unknown initiative) or 503.")
    @PostMapping("/api/v1/events")
    BatchResponse batch(Caller caller, @RequestBody BatchRequest batch) {
        caller.require(Role.DEPARTMENT, "report progress");
        if (batch == null || batch.events() == null || batch.events().isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("events", "must hold at least one event")));
        }
        if (batch.events().size() > properties.maxBatchSize()) {
            throw new InvalidInputException(List.of(new FieldProblem("events", "holds " + batch.events().size()
                    + " events; at most " + properties.maxBatchSize() + " per batch")));
        }
        List<ReportService.Result> results = reports.report(caller, batch.events());
        List<ItemResult> items = new ArrayList<>(results.size());
        int accepted = 0;
        for (int i = 0; i < results.size(); i++) {
            ReportService.Result r = results.get(i);
            accepted += r.status() == 202 ? 1 : 0;
            items.add(new ItemResult(i, r.status(), r.eventId(), r.problem()));
        }
        return new BatchResponse(accepted, results.size() - accepted, items);
    }

}
