package org.planwatch.publisher.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.planwatch.access.Caller;
import org.planwatch.access.CallerAuthentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who the sign-in cookie signed in for this request, for pages outside this package (the
 * desk).
 */
public final class SignedIn {

    private SignedIn() {
    }

    public static Optional<Caller> caller(HttpServletRequest request) {
        return signedIn().map(CallerAuthentication::caller);
    }

    /** The token the caller signed in with, to read status on its behalf. */
    public static String token(HttpServletRequest request) {
        return signedIn().map(CallerAuthentication::token).orElse(null);
    }

    /**
     * From the security context: the request is wrapped to show it only later in the
     * filter chain.
     */
    private static Optional<CallerAuthentication> signedIn() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication signedIn
                && signedIn.caller() != null ? Optional.of(signedIn) : Optional.empty();
    }

}
