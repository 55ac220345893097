package org.planwatch.publisher.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.RateLimitFilter;
import org.planwatch.access.RateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.CorsFilter;

/**
 * The pages for people, {@code /ui/**}: the department page and the supervisors' desk.
 * Each request is signed in from the {@link SignInCookies cookie} and shares the API's
 * per-token rate limit; a signed-out browser is sent to sign in. Form posts carry Spring
 * Security's CSRF token, kept in a cookie, not a session, and independent of the Host
 * header, so it works behind a proxy that rewrites Host. Which department or role may use
 * a page stays in its handler.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** HttpOnly: the forms get the token from the page, never from script. */
    @Bean
    CsrfTokenRepository pageCsrfTokens() {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setCookieName("pw_csrf");
        tokens.setCookiePath("/ui");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return tokens;
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageFilterChain(HttpSecurity http, AuthenticationManager tokenAuthentication,
            RateLimiter limiter, CsrfTokenRepository pageCsrfTokens) throws Exception {
        RequestMatcher signIn = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/ui/sign-in");
        SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        return http.securityMatcher("/ui", "/ui/**")
            .authorizeHttpRequests(
                    requests -> requests.requestMatchers("/ui/sign-in", "/ui/sign-out", "/ui/*.css", "/ui/*.js")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
            // Signed in before the CSRF check reads the form, and only a signed-in
            // browser (or the sign-in form) has a post to forge: a stranger's post is
            // sent to sign in unread.
            .addFilterAfter(new SignInCookieFilter(tokenAuthentication, contexts), CorsFilter.class)
            .addFilterBefore(new RateLimitFilter(limiter, PageRefusals::tooManyRequests), CsrfFilter.class)
            .csrf(csrf -> csrf.csrfTokenRepository(pageCsrfTokens)
                .csrfTokenRequestHandler(new PageCsrfTokens())
                .requireCsrfProtectionMatcher(request -> CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
                        && (SignedIn.caller(request).isPresent() || signIn.matches(request))))
            .addFilterAfter(PageSecurity::loadCsrfToken, CsrfFilter.class)
            .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .cacheControl(cache -> cache.disable())
                .addHeaderWriter(PageSecurity::noStore))
            .exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint((request, response, e) -> response.sendRedirect("/ui/sign-in"))
                .accessDeniedHandler(PageRefusals::forgedPost))
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .securityContext(context -> context.securityContextRepository(contexts))
            .requestCache(cache -> cache.disable())
            .logout(logout -> logout.disable())
            .build();
    }

    /**
     * Sets the CSRF cookie before the page renders: a long page starts streaming out
     * before its last form, and a cookie cannot be set after that.
     */
    private static void loadCsrfToken(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            token.getToken();
        }
        chain.doFilter(request, response);
    }

    /** Pages are never stored (they show one caller's data); the style sheet may be. */
    private static void noStore(HttpServletRequest request, HttpServletResponse response) {
        if (!request.getRequestURI().endsWith(".css") && !response.containsHeader(HttpHeaders.CACHE_CONTROL)) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

}
