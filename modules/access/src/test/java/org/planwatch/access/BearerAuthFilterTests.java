package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The filter's answers without a broker: the registry is never started, so it has read no token
 * from Kafka and is not caught up; only the bootstrap admin token is honoured.
 */
class BearerAuthFilterTests {

    static final String ADMIN_TOKEN = "unit-admin-" + java.util.UUID.randomUUID();

    final AtomicLong now = new AtomicLong();
    final TokenRegistry registry = new TokenRegistry(new KafkaProperties(),
            new SecurityProperties(ADMIN_TOKEN, new SecurityProperties.RateLimit(1, 2)), "unit-test");
    final BearerAuthFilter filter = new BearerAuthFilter(registry,
            new RateLimiter(new SecurityProperties.RateLimit(1, 2), now::get));

    record Outcome(MockHttpServletResponse response, MockFilterChain chain, MockHttpServletRequest request) {
        boolean passed() {
            return chain.getRequest() != null;
        }
    }

    Outcome call(String uri, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setServletPath(uri); // as the container sets it for the DispatcherServlet, mapped to "/"
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(response, chain, request);
    }

    @Test
    void noOrAnotherSchemeIsUnauthenticatedWithAChallenge() throws Exception {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", ADMIN_TOKEN}) {
            Outcome outcome = call("/api/v1/initiatives", header);
            assertThat(outcome.passed()).as(String.valueOf(header)).isFalse();
            assertThat(outcome.response().getStatus()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
            assertThat(outcome.response().getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"planwatch\"");
            assertThat(outcome.response().getContentAsString()).contains("\"status\":401");
        }
    }

    @Test
    void theBootstrapAdminPassesAsTheBootstrapAdminWhateverTheSchemesCase() throws Exception {
        for (String scheme : new String[] {"Bearer ", "bearer ", "BEARER  "}) {
            Outcome outcome = call("/api/v1/initiatives", scheme + ADMIN_TOKEN);
            assertThat(outcome.passed()).as(scheme).isTrue();
            Caller caller = (Caller) outcome.request().getAttribute(BearerAuthFilter.CALLER);
            assertThat(caller.tokenId()).isEqualTo("bootstrap-admin");
            assertThat(caller.role()).isEqualTo(Role.ADMIN);
            now.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void anUnknownTokenIsRetryLaterUntilTheRegistryHasCaughtUp() throws Exception {
        Outcome outcome = call("/api/v1/initiatives", "Bearer " + Tokens.generate().token());
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.response().getStatus()).isEqualTo(503);
        assertThat(outcome.response().getHeader("Retry-After")).isEqualTo("5");
        assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
    }

    @Test
    void overTheRateIs429WithRetryAfterInWholeSeconds() throws Exception {
        assertThat(call("/api/v1/initiatives", "Bearer " + ADMIN_TOKEN).passed()).isTrue();
        assertThat(call("/api/v1/initiatives", "Bearer " + ADMIN_TOKEN).passed()).isTrue();
        Outcome refused = call("/api/v1/initiatives", "Bearer " + ADMIN_TOKEN);
        assertThat(refused.passed()).isFalse();
        assertThat(refused.response().getStatus()).isEqualTo(429);
        assertThat(refused.response().getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.response().getContentType()).startsWith("application/problem+json");
        now.addAndGet(1_000_000_000L);
        assertThat(call("/api/v1/initiatives", "Bearer " + ADMIN_TOKEN).passed()).as("refilled").isTrue();
    }

    @Test
    void pathsOutsideTheApiAreNotItsConcern() throws Exception {
        Outcome outcome = call("/actuator/health", null);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.response().getStatus()).isEqualTo(200);
    }

    /**
     * What is checked is the path as the container decoded and normalised it (what handlers are
     * mapped by), not the raw request URI, which {@code /%61pi/...} or {@code /api;x=1/...} disguise.
     */
    @Test
    void anApiPathIsCheckedHoweverTheRequestUriSpellsIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/%61pi/v1/tokens");
        request.setServletPath("/api/v1/tokens");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
    }
}
