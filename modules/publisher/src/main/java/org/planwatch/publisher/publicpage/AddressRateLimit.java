package org.planwatch.publisher.publicpage;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.ProblemWriter;
import org.planwatch.access.RateLimiter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The public page's rate limit: it has no token to key a budget on, so each client
 * address gets one, from a limiter that keeps a bounded number of addresses.
 */
final class AddressRateLimit extends OncePerRequestFilter {

    private final RateLimiter limiter;

    AddressRateLimit(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long wait = limiter.acquire(request.getRemoteAddr());
        if (wait == 0) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = RateLimiter.retryAfterSeconds(wait);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemWriter.write(response, 429, "/problems/rate-limited", "Too many requests",
                "Too many requests from this address; retry after " + seconds + " s");
    }

}
