package org.planwatch.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * {@code /api/**}: a bearer token we honour on every call (401 otherwise, 503 while
 * tokens load), within that token's rate (429). What the caller may then do is for the
 * handler to decide, by role and by initiative. Nothing here reads the body, so a
 * stranger's large body costs nothing. No session and no CSRF token: a bearer token is
 * never sent by a browser on its own. The actuator lives on the management port, which no
 * chain covers: Prometheus scrapes it without a token.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, AuthenticationManager tokenAuthentication,
            RateLimiter limiter) throws Exception {
        ApiEntryPoint entryPoint = new ApiEntryPoint();
        SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        AuthenticationFilter bearer = new AuthenticationFilter(tokenAuthentication, new BearerTokens());
        bearer.setSecurityContextRepository(contexts);
        bearer.setSuccessHandler((request, response, authentication) -> {
            // Nothing to do: the chain goes on to the handler.
        });
        bearer.setFailureHandler(entryPoint::commence);
        RateLimitFilter rateLimit = new RateLimitFilter(limiter,
                response -> ProblemWriter.write(response, 429, "/problems/rate-limited", "Too many requests",
                        "This token's rate limit is reached; retry after the time in Retry-After"));
        return http.securityMatcher("/api/**")
            .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
            .addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
            .addFilterAfter(rateLimit, AnonymousAuthenticationFilter.class)
            .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .securityContext(context -> context.securityContextRepository(contexts))
            .requestCache(cache -> cache.disable())
            .csrf(csrf -> csrf.disable())
            .logout(logout -> logout.disable())
            // Only what an API answer needs: every filter and header here costs each
            // single POST.
            .anonymous(anonymous -> anonymous.disable())
            .headers(headers -> headers.defaultsDisabled().contentTypeOptions(Customizer.withDefaults()))
            .build();
    }

    /**
     * No observation of each filter, authentication and authorization: a timer per filter
     * per request costs the single POST a share of its rate, and http_server_requests
     * times each request already.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring MVC maps {@code /api;x=1/v1/tokens} to the tokens handler, so such a path
     * must reach the chain (which matches it as {@code /api/**}) rather than be refused
     * before it.
     */
    @Bean
    WebSecurityCustomizer matrixParametersReachTheChains() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowSemicolon(true);
        return web -> web.httpFirewall(firewall);
    }

}
