package org.planwatch.access;

import java.util.List;
import java.util.Objects;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A presented token, then the {@link Caller} it stands for: what the filter chains hand
 * to Spring Security, and what handlers get back as their {@code Caller}. The token stays
 * as the credentials because the pages call the aggregator with it on the caller's
 * behalf; it is never printed ({@link #toString()} and {@link #getName()} show the
 * token's id only).
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    private final String token;

    private CallerAuthentication(Caller caller, String token) {
        super(caller == null ? List.of() : List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        this.caller = caller;
        this.token = Objects.requireNonNull(token);
        super.setAuthenticated(caller != null);
    }

    /** A token as presented, to be checked. */
    public static CallerAuthentication unauthenticated(String token) {
        return new CallerAuthentication(null, token);
    }

    static CallerAuthentication authenticated(Caller caller, String token) {
        return new CallerAuthentication(Objects.requireNonNull(caller), token);
    }

    /** The caller, or null while the token is unchecked. */
    public Caller caller() {
        return caller;
    }

    public String token() {
        return token;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getCredentials() {
        return token;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.tokenId();
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated && caller == null) {
            throw new IllegalArgumentException("Only TokenAuthenticationProvider makes an authenticated caller");
        }
        super.setAuthenticated(authenticated);
    }

    @Override
    public String toString() {
        return "CallerAuthentication["
                + (caller == null ? "unchecked" : caller.tokenId() + ", " + caller.role().wireName()) + "]";
    }

}
