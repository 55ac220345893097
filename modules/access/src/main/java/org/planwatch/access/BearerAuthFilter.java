package org.planwatch.access;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request under {@code /api/} must carry {@code Authorization: Bearer <token>} of a token we
 * honour (401 otherwise), within that token's rate (429 otherwise). What the caller may then do is
 * for the handler to decide, by role and by initiative. It runs before the body is read, so a
 * stranger's large body costs nothing. The actuator lives on the management port, which this filter
 * does not cover: Prometheus scrapes it without a token.
 */
final class BearerAuthFilter extends OncePerRequestFilter {

    static final String CALLER = Caller.class.getName();
    private static final String PREFIX = "bearer ";

    private final TokenRegistry registry;
    private final RateLimiter limiter;

    BearerAuthFilter(TokenRegistry registry, RateLimiter limiter) {
        this.registry = registry;
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo())).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= PREFIX.length()
                || !header.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"planwatch\"");
            ProblemWriter.write(response, 401, "/problems/unauthenticated", "Unauthenticated",
                    "Send Authorization: Bearer <token>");
            return;
        }
        var caller = registry.authenticate(header.substring(PREFIX.length()).strip());
        if (caller.isEmpty()) {
            if (!registry.isCaughtUp()) {
                // The token may be one we have not read yet: say "later", not "never".
                response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                ProblemWriter.write(response, 503, "/problems/starting", "Starting",
                        "Access tokens are still loading from Kafka; retry");
                return;
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"planwatch\", error=\"invalid_token\"");
            ProblemWriter.write(response, 401, "/problems/unauthenticated", "Unauthenticated",
                    "The token is not valid (unknown, revoked or malformed)");
            return;
        }
        long waitNanos = limiter.acquire(caller.get().tokenId());
        if (waitNanos > 0) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RateLimiter.retryAfterSeconds(waitNanos)));
            ProblemWriter.write(response, 429, "/problems/rate-limited", "Too many requests",
                    "This token's rate limit is reached; retry after the time in Retry-After");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }
}
