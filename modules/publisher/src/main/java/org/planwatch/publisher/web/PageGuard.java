package org.planwatch.publisher.web;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.Caller;
import org.planwatch.access.RateLimiter;
import org.planwatch.access.TokenRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The department page's door, on {@code /ui/*}. A clerk signs in once with the department token;
 * it is kept in an HttpOnly, SameSite=Strict cookie (never readable by script, never sent by another
 * site) and checked against the token registry on every request, so a revocation takes effect on the
 * next click, on every publisher instance, with no session to share. A form post whose
 * {@code Origin} is another site is refused outright. Pages share the API's per-token rate limit.
 */
final class PageGuard extends OncePerRequestFilter {

    static final String COOKIE = "pw_token";
    static final String CALLER = PageGuard.class.getName() + ".caller";
    static final String TOKEN = PageGuard.class.getName() + ".token";

    private final TokenRegistry registry;
    private final RateLimiter limiter;

    PageGuard(TokenRegistry registry, RateLimiter limiter) {
        this.registry = registry;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Not no-referrer: with it, browsers send "Origin: null" on our own form posts.
        response.setHeader("Referrer-Policy", "same-origin");
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod()) && !sameOrigin(request)) {
            refuse(response, 403, "来自其他网站的提交已被拒绝。(Cross-site form post refused.)");
            return;
        }
        String token = token(request).orElse(null);
        Optional<Caller> caller = token == null ? Optional.empty() : registry.authenticate(token);
        if (caller.isPresent()) {
            long waitNanos = limiter.acquire(caller.get().tokenId());
            if (waitNanos > 0) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RateLimiter.retryAfterSeconds(waitNanos)));
                refuse(response, 429, "操作过于频繁，请稍后再试。(Too many requests; retry later.)");
                return;
            }
            request.setAttribute(CALLER, caller.get());
            request.setAttribute(TOKEN, token);
        }
        if (!request.getRequestURI().endsWith(".css")) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>进度填报</title>"
                + "<p>" + message + "</p><p><a href=\"/ui/\">返回</a></p></html>");
    }

    /** Browsers send Origin on every form post; a post without one (curl, old browsers) has no cookie to abuse. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader(HttpHeaders.HOST);
            return host != null && host.equalsIgnoreCase(uri.getRawAuthority());
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** The cookie that signs a browser in; {@code Secure} when the page came over HTTPS. */
    static String signIn(String token, boolean secure) {
        return ResponseCookie.from(COOKIE, token).httpOnly(true).secure(secure).sameSite("Strict").path("/ui")
                .build().toString();
    }

    static String signOut(boolean secure) {
        return ResponseCookie.from(COOKIE, "").httpOnly(true).secure(secure).sameSite("Strict").path("/ui").maxAge(0)
                .build().toString();
    }
}
