package org.planwatch.access;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** What a service imports to require tokens on {@code /api/**}: the registry, the filter, 403 handling. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@Import({AccessAdvice.class, ApiDocs.class})
public class AccessConfiguration {

    /** Bean name of the registry's health indicator: add {@code accessTokens} to the readiness group. */
    @Bean
    TokenRegistry accessTokens(KafkaProperties kafka, SecurityProperties properties, Environment environment) {
        String application = environment.getProperty("spring.application.name", "planwatch");
        return new TokenRegistry(kafka, properties, application + "-access-tokens");
    }

    @Bean
    RateLimiter rateLimiter(SecurityProperties properties) {
        return new RateLimiter(properties.rateLimit(), System::nanoTime);
    }

    @Bean
    FilterRegistrationBean<BearerAuthFilter> bearerAuthFilter(TokenRegistry registry, RateLimiter limiter) {
        FilterRegistrationBean<BearerAuthFilter> registration = new FilterRegistrationBean<>(
                new BearerAuthFilter(registry, limiter));
        registration.addUrlPatterns("/api/*");
        // Before anything reads the body (the publisher's body-size limit included).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerResolver());
            }
        };
    }
}
