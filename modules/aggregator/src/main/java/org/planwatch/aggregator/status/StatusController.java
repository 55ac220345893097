package org.planwatch.aggregator.status;

import org.planwatch.access.PlanOwners;
import java.net.URI;
import java.time.Instant;
import java.util.TreeSet;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.aggregator.topology.ProgressTopology;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/initiatives/{id}/status}: served by the instance that owns the
 * initiative's partition. Another instance answers 307 to the owner, found through Kafka
 * Streams' metadata (each instance advertises itself in {@code application.server}).
 *
 * <p>
 * Supervisors and admins read every initiative; a department, those it owns or supports,
 * and 403 for any other id, known or not. The instance that serves the answer checks: a
 * redirect tells nothing, because every id, in the catalog or not, hashes to some
 * instance.
 */
@Tag(name = "status", description = "Computed state of an initiative")
@RestController
class StatusController {

    private final InitiativeView view;

    private final StreamsBuilderFactoryBean streams;

    private final ReportHistory history;

    private final PlanOwners owners;

    StatusController(InitiativeView view, StreamsBuilderFactoryBean streams, ReportHistory history, PlanOwners owners) {
        this.owners = owners;
        this.view = view;
        this.streams = streams;
        this.history = history;
    }

    @Operation(summary = "Current state of an initiative",
            description = "Progress, expected, health, stalled, silent, forecast, the latest note,"
                    + " punctuality (reportsJudged, reportsOnCadence), supervision slips and more. 307 to the"
                    + " instance that owns the initiative. 404 for an unknown id (403 for a department, as"
                    + " for an initiative it does not work on).")
    @GetMapping("/api/v1/initiatives/{id}/status")
    ResponseEntity<?> status(Caller caller, @PathVariable String id) {
        var local = view.get(id);
        if (local.isPresent()) {
            check(caller, local.get());
            return ResponseEntity.ok(InitiativeStatus.of(local.get(), view.slipsOf(id), Instant.now()));
        }
        return elsewhere(caller, id, "/status");
    }

    /**
     * The audit trail a supervisor opens before calling a department: every counted
     * report, newest (by when it happened) first, {@code size} (10, 20, 50 or 100) per
     * page.
     */
    @Operation(summary = "Report history of an initiative",
            description = "Every counted report, newest occurredAt first; size 10, 20, 50 or 100. 503 with"
                    + " Retry-After while a rebalance moves the initiative's store.")
    @GetMapping("/api/v1/initiatives/{id}/history")
    ResponseEntity<?> history(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || !HistoryPage.SIZES.contains(size)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "page must be 0 or more and size one of " + new TreeSet<>(HistoryPage.SIZES));
            problem.setProperty("field", page < 0 ? "page" : "size");
            return ResponseEntity.badRequest().body(problem);
        }
        var local = view.get(id);
        if (local.isEmpty()) {
            return elsewhere(caller, id, "/history?page=" + page + "&size=" + size);
        }
        check(caller, local.get());
        return ResponseEntity.ok(history.page(id, page, size));
    }

    private void check(Caller caller, InitiativeSnapshot snapshot) {
        var initiative = snapshot.state().getInitiative();
        if (!caller.mayRead(initiative.getDepartment(), initiative.getSupportingDepartments(),
                owners.of(initiative.getPlan()))) {
            throw AccessDeniedException.initiative(snapshot.id());
        }
    }

    private ResponseEntity<?> elsewhere(Caller caller, String id, String path) {
        HostInfo owner = owner(id);
        if (owner != null) {
            return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT)
                .location(
                        URI.create("http://" + owner.host() + ":" + owner.port() + "/api/v1/initiatives/" + id + path))
                .build();
        }
        if (!caller.seesUnknownIds()) {
            throw AccessDeniedException.initiative(id);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No initiative '" + id + "' in the catalog");
        problem.setType(URI.create("/problems/unknown-initiative"));
        problem.setTitle("Unknown initiative");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    /**
     * The other instance that owns the key, or null when it is ours, unknown, or Streams
     * is not running.
     */
    private HostInfo owner(String id) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null || kafkaStreams.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        try {
            KeyQueryMetadata metadata = kafkaStreams.queryMetadataForKey(ProgressTopology.STATE_STORE, id,
                    Serdes.String().serializer());
            HostInfo active = metadata.activeHost();
            boolean known = active != null && active.port() > 0 && !active.equals(HostInfo.unavailable());
            return known && !active.equals(self()) ? active : null;
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * This instance as it advertises itself to the others ({@code application.server}),
     * if it does.
     */
    private HostInfo self() {
        var config = streams.getStreamsConfiguration();
        String endpoint = config == null ? null : config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return endpoint == null || endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
    }

}
