package org.planwatch.publisher.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.CallerAuthentication;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a page request in from the {@code pw_token} cookie. A cookie we no longer honour
 * (revoked, unknown, or not read yet while tokens load) is as good as none: the page
 * sends the browser to sign in.
 */
final class SignInCookieFilter extends OncePerRequestFilter {

    private final AuthenticationManager tokens;

    private final SecurityContextRepository contexts;

    SignInCookieFilter(AuthenticationManager tokens, SecurityContextRepository contexts) {
        this.tokens = tokens;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = SignInCookies.token(request);
        if (token != null) {
            try {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(tokens.authenticate(CallerAuthentication.unauthenticated(token)));
                SecurityContextHolder.setContext(context);
                // Saved where the chain looks, as Spring Security's own filters do: else
                // its session management takes every request for a new sign-in and
                // replaces the CSRF token.
                contexts.saveContext(context, request, response);
            }
            catch (AuthenticationException e) {
                // Signed out.
            }
        }
        chain.doFilter(request, response);
    }

}
