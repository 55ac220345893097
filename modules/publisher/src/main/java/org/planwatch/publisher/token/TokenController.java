package org.planwatch.publisher.token;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.access.TokenRegistry;
import org.planwatch.access.Tokens;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.AccessToken;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins issue and revoke tokens: {@code /api/v1/tokens}. A token is answered once, when
 * issued; only its hash goes to {@code access-tokens}: see
 * docs/adr/0008-tokens-on-a-compacted-topic.md.
 */
@Tag(name = "tokens", description = "Bearer tokens (admins only)")
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    /** Same shape as a catalog entry's department id. */
    private static final Pattern DEPARTMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    private static final int MAX_LABEL = 200;

    private final TokenRegistry registry;

    private final KafkaWriter writer;

    private final PublisherProperties properties;

    private final Clock clock;

    TokenController(TokenRegistry registry, KafkaWriter writer, PublisherProperties properties, Clock clock) {
        this.registry = registry;
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * {@code owner}: for a supervisor, the plan owner (a district) whose plans it
     * oversees; absent, every plan (the city).
     */
    record IssueRequest(String role, String department, String label, String owner) {
    }

    /** A token as listed: never the token or its hash. */
    record TokenView(String id, String role, String department, String label, Instant issuedAt, String issuedBy,
            String owner) {
        static TokenView of(AccessToken t) {
            return new TokenView(t.getId(), Role.valueOf(t.getRole().name()).wireName(), t.getDepartment(),
                    t.getLabel(), t.getIssuedAt(), t.getIssuedBy(), t.getOwner());
        }
    }

    /** The answer to an issue: the only time the token is shown. */
    record Issued(String id, String token, String role, String department, String label, Instant issuedAt,
            String issuedBy, String owner) {
    }

    @Operation(summary = "Issue a token",
            description = "Admins only. The token is in this answer once; only its SHA-256 is stored. role:"
                    + " department (with department), supervisor (with owner, a district: its plans only; without,"
                    + " every plan) or admin.")
    @PostMapping
    ResponseEntity<Issued> issue(Caller caller, @RequestBody IssueRequest request) {
        caller.require(Role.ADMIN, "issue tokens");
        Role role = validate(request);
        Tokens.Issued issued = Tokens.generate();
        AccessToken token = AccessToken.newBuilder()
            .setId(issued.id())
            .setTokenHash(Tokens.hash(issued.token()))
            // fully qualified: the wire's Role, beside the access module's
            .setRole(org.planwatch.events.avro.Role.valueOf(role.name()))
            .setDepartment(role == Role.DEPARTMENT ? request.department() : null)
            .setLabel(request.label().strip())
            .setIssuedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
            .setIssuedBy(caller.tokenId())
            .setOwner(role == Role.SUPERVISOR ? request.owner() : null)
            .build();
        write(issued.id(), token);
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.id()))
            .body(new Issued(issued.id(), issued.token(), role.wireName(), token.getDepartment(), token.getLabel(),
                    token.getIssuedAt(), token.getIssuedBy(), token.getOwner()));
    }

    @Operation(summary = "List tokens", description = "Admins only. Never the token or its hash.")
    @GetMapping
    List<TokenView> list(Caller caller) {
        caller.require(Role.ADMIN, "list tokens");
        return registry.all().stream().map(TokenView::of).toList();
    }

    /**
     * 204 once the revocation is in Kafka; 404 for an id that is not (or no longer) a
     * token.
     */
    @Operation(summary = "Revoke a token",
            description = "Admins only. 204; every instance of both services refuses the token within about a"
                    + " second. 404 for an unknown id.")
    @DeleteMapping("/{id}")
    ResponseEntity<?> revoke(Caller caller, @PathVariable String id) {
        caller.require(Role.ADMIN, "revoke tokens");
        if (registry.get(id).isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No token '" + id + "'");
            problem.setType(URI.create("/problems/unknown-token"));
            problem.setTitle("Unknown token");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        write(id, null);
        return ResponseEntity.noContent().build();
    }

    private void write(String id, AccessToken token) {
        KafkaWriter.Outcome outcome = writer
            .write(new KafkaWriter.Pending<>(Topics.ACCESS_TOKENS, id, token, clock.millis()), properties.ackTimeout());
        if (outcome instanceof KafkaWriter.Written written) {
            registry.wrote(id, token, written.metadata().offset());
            return;
        }
        throw new KafkaUnavailableException(((KafkaWriter.Failed) outcome).reason());
    }

    private static Role validate(IssueRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            throw new InvalidInputException(List.of(new FieldProblem("body", "is required")));
        }
        Role role = Role.fromWireName(request.role());
        if (role == null) {
            problems.add(new FieldProblem("role", "must be one of department, supervisor, admin"));
        }
        else if (role == Role.DEPARTMENT
                && (request.department() == null || !DEPARTMENT.matcher(request.department()).matches())) {
            problems.add(new FieldProblem("department",
                    "is required for the department role and must match " + DEPARTMENT.pattern()));
        }
        else if (role != Role.DEPARTMENT && request.department() != null) {
            problems.add(new FieldProblem("department", "is only for the department role"));
        }
        if (request.owner() != null && (role != Role.SUPERVISOR || !DEPARTMENT.matcher(request.owner()).matches())) {
            problems.add(new FieldProblem("owner",
                    "is only for the supervisor role, and must match " + DEPARTMENT.pattern() + " (a plan's owner)"));
        }
        String label = request.label() == null ? "" : request.label().strip();
        if (label.isEmpty() || label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            problems.add(
                    new FieldProblem("label", "is required: 1 to " + MAX_LABEL + " characters, no control characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return role;
    }

}
