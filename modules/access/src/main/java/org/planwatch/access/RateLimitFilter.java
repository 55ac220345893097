package org.planwatch.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each signed-in token's rate, in a filter chain after authentication: a stranger is
 * refused before this and never uses up anyone's rate.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    /** Writes the refusal; {@code Retry-After} is already set. */
    @FunctionalInterface
    public interface Refusal {

        void write(HttpServletResponse response) throws IOException;

    }

    private final RateLimiter limiter;

    private final Refusal refusal;

    public RateLimitFilter(RateLimiter limiter, Refusal refusal) {
        this.limiter = limiter;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication signedIn
                && signedIn.caller() != null) {
            long waitNanos = limiter.acquire(signedIn.caller().tokenId());
            if (waitNanos > 0) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RateLimiter.retryAfterSeconds(waitNanos)));
                refusal.write(response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

}
