package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The API's filter chain as {@link ApiSecurity} builds it, without a broker: the registry
 * is never started, so it has read no token from Kafka and is not caught up; only the
 * bootstrap admin token is honoured. What reaches the handler is the {@link Caller} that
 * {@link CallerResolver} finds.
 */
@SpringJUnitWebConfig(ApiSecurityTests.Wiring.class)
class ApiSecurityTests {

    static final String ADMIN_TOKEN = "unit-admin-" + UUID.randomUUID();
    static final SecurityProperties.RateLimit RATE = new SecurityProperties.RateLimit(1, 2);
    static final AtomicLong NOW = new AtomicLong();

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @Import(ApiSecurity.class)
    static class Wiring {

        @Bean
        AuthenticationManager tokenAuthentication() {
            TokenRegistry registry = new TokenRegistry(new KafkaProperties(), new SecurityProperties(ADMIN_TOKEN, RATE),
                    "unit-test");
            return new AccessConfiguration().tokenAuthentication(registry);
        }

        @Bean
        RateLimiter rateLimiter() {
            return new RateLimiter(RATE, NOW::get);
        }

    }

    @Autowired
    @Qualifier("springSecurityFilterChain")
    Filter chains;

    record Outcome(MockHttpServletResponse response, MockFilterChain chain, Caller caller) {
        boolean passed() {
            return chain.getRequest() != null;
        }
    }

    /** Every test starts with every bucket full. */
    @BeforeEach
    void refill() {
        NOW.addAndGet(Duration.ofHours(1).toNanos());
    }

    Outcome call(String uri, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setServletPath(uri); // as the container sets it for the
                                     // DispatcherServlet, mapped to "/"
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return call(request);
    }

    Outcome call(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<Caller> caller = new AtomicReference<>();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                try {
                    caller.set(new CallerResolver().resolveArgument(null, null, new ServletWebRequest(req), null));
                }
                catch (AccessDeniedException e) {
                    // No caller: only right outside the API, which the tests check by
                    // status.
                }
            }
        });
        chains.doFilter(request, response, chain);
        return new Outcome(response, chain, caller.get());
    }

    @Test
    void noOrAnotherSchemeIsUnauthenticatedWithAChallenge() throws Exception {
        for (String header : new String[] { null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", ADMIN_TOKEN }) {
            Outcome outcome = call("/api/v1/initiatives", header);
            assertThat(outcome.passed()).as(String.valueOf(header)).isFalse();
            assertThat(outcome.response().getStatus()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
            assertThat(outcome.response().getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"planwatch\"");
            assertThat(outcome.response().getContentAsString()).contains("\"status\":401");
            assertThat(outcome.response().getHeader("Set-Cookie")).as("no session").isNull();
        }
    }

    @Test
    void theBootstrapAdminPassesAsTheBootstrapAdminWhateverTheSchemesCase() throws Exception {
        for (String scheme : new String[] { "Bearer ", "bearer ", "BEARER  " }) {
            Outcome outcome = call("/api/v1/initiatives", scheme + ADMIN_TOKEN);
            assertThat(outcome.passed()).as(scheme).isTrue();
            Caller caller = outcome.caller();
            assertThat(caller.tokenId()).isEqualTo("bootstrap-admin");
            assertThat(caller.role()).isEqualTo(Role.ADMIN);
            assertThat(outcome.response().getHeader("Set-Cookie")).as("stateless: no session cookie").isNull();
            NOW.addAndGet(1_000_000_000L);
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
        NOW.addAndGet(1_000_000_000L);
        assertThat(call("/api/v1/initiatives", "Bearer " + ADMIN_TOKEN).passed()).as("refilled").isTrue();
    }

    @Test
    void pathsOutsideTheApiAreNotItsConcern() throws Exception {
        Outcome outcome = call("/actuator/health", null);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.response().getStatus()).isEqualTo(200);
        assertThat(outcome.caller()).isNull();
    }

    /**
     * What is checked is the path as Spring MVC matches it (decoded, path parameters
     * aside), not the raw request URI, which {@code /%61pi/...} or {@code /api;x=1/...}
     * disguise.
     */
    @Test
    void anApiPathIsCheckedHoweverTheRequestUriSpellsIt() throws Exception {
        for (String uri : new String[] { "/%61pi/v1/tokens", "/api;x=1/v1/tokens" }) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
            request.setServletPath("/api/v1/tokens");
            Outcome outcome = call(request);
            assertThat(outcome.passed()).as(uri).isFalse();
            assertThat(outcome.response().getStatus()).as(uri).isEqualTo(401);
        }
    }

}
