package org.planwatch.publisher.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * The cookie that signs a browser in: the token itself, HttpOnly (never readable by
 * script), SameSite=Strict (never sent by another site), on {@code /ui} only,
 * {@code Secure} over HTTPS. It is checked against the token registry on every request,
 * so a revocation takes effect on the next click, on every publisher instance, with no
 * session to share.
 */
@Component
class SignInCookies {

    static final String NAME = "pw_token";

    private final CsrfTokenRepository csrfTokens;

    SignInCookies(CsrfTokenRepository pageCsrfTokens) {
        this.csrfTokens = pageCsrfTokens;
    }

    void signIn(String token, HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(token, request).build().toString());
        // A new CSRF token for the new sign-in, as Spring Security's own login gives one.
        csrfTokens.saveToken(null, request, response);
    }

    void signOut(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie("", request).maxAge(0).build().toString());
        csrfTokens.saveToken(null, request, response);
    }

    /** The token the browser presents, or null. */
    static String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static ResponseCookie.ResponseCookieBuilder cookie(String value, HttpServletRequest request) {
        return ResponseCookie.from(NAME, value)
            .httpOnly(true)
            .secure(request.isSecure())
            .sameSite("Strict")
            .path("/ui");
    }

}
