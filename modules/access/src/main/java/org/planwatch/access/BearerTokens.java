package org.planwatch.access;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * {@code Authorization: Bearer <token>}, the scheme in any case; anything else is no
 * token at all.
 */
final class BearerTokens implements AuthenticationConverter {

    private static final String PREFIX = "bearer ";

    @Override
    public CallerAuthentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= PREFIX.length()
                || !header.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            return null;
        }
        String token = header.substring(PREFIX.length()).strip();
        return token.isEmpty() ? null : CallerAuthentication.unauthenticated(token);
    }

}
