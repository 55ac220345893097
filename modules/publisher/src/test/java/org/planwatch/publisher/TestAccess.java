package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Tokens for the integration tests. The bootstrap admin token is made afresh in each test
 * JVM, so no secret is ever committed; every other token is issued through the API, as an
 * operator would.
 */
final class TestAccess {

    /** {@code planwatch.security.admin-token} of every publisher a test starts. */
    static final String ADMIN_TOKEN = "test-admin-" + UUID.randomUUID();

    private TestAccess() {
    }

    static void adminToken(DynamicPropertyRegistry registry) {
        registry.add("planwatch.security.admin-token", () -> ADMIN_TOKEN);
    }

    /** A token as {@code POST /api/v1/tokens} answered it. */
    record Issued(String id, String token) {
    }

    /** Issues a token through {@code admin}, which must carry an admin token. */
    static Issued issue(Http admin, String role, String department, String label) {
        String body = department == null ? "{\"role\":\"%s\",\"label\":\"%s\"}".formatted(role, label)
                : "{\"role\":\"%s\",\"department\":\"%s\",\"label\":\"%s\"}".formatted(role, department, label);
        Http.Response response = admin.post("/api/v1/tokens", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Issued(response.json().get("id").asString(), response.json().get("token").asString());
    }

    /** The same service, called with a fresh token of {@code department}. */
    static Http department(Http admin, String department) {
        return admin.withToken(issue(admin, "department", department, "tests of " + department).token());
    }

    static Http supervisor(Http admin) {
        return admin.withToken(issue(admin, "supervisor", null, "tests' supervisor").token());
    }

}
