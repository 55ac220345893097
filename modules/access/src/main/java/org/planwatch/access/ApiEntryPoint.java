package org.planwatch.access;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The API's answer to a call without a token we honour: 401 with a bearer challenge, or
 * 503 while tokens load.
 */
final class ApiEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof TokenAuthenticationProvider.TokensLoading) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            ProblemWriter.write(response, 503, "/problems/starting", "Starting", e.getMessage());
        }
        else if (e instanceof BadCredentialsException) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"planwatch\", error=\"invalid_token\"");
            ProblemWriter.write(response, 401, "/problems/unauthenticated", "Unauthenticated", e.getMessage());
        }
        else {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"planwatch\"");
            ProblemWriter.write(response, 401, "/problems/unauthenticated", "Unauthenticated",
                    "Send Authorization: Bearer <token>");
        }
    }

}
