package org.planwatch.publisher.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.planwatch.access.Caller;

/** Who the page guard signed in for this request, for pages outside this package (the desk). */
public final class SignedIn {

    private SignedIn() {
    }

    public static Optional<Caller> caller(HttpServletRequest request) {
        return request.getAttribute(PageGuard.CALLER) instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /** The token the caller signed in with, to read status on its behalf. */
    public static String token(HttpServletRequest request) {
        return (String) request.getAttribute(PageGuard.TOKEN);
    }
}
