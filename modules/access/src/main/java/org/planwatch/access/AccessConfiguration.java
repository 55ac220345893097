package org.planwatch.access;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What a service imports to require tokens on {@code /api/**}: the registry as Spring
 * Security's authentication source, the API's filter chain, the {@link Caller} for
 * handlers, 403 handling.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@Import({ ApiSecurity.class, AccessAdvice.class, ApiDocs.class })
public class AccessConfiguration {

    /**
     * Bean name of the registry's health indicator: add {@code accessTokens} to the
     * readiness group.
     */
    @Bean
    TokenRegistry accessTokens(KafkaProperties kafka, SecurityProperties properties, Environment environment) {
        String application = environment.getProperty("spring.application.name", "planwatch");
        return new TokenRegistry(kafka, properties, application + "-access-tokens");
    }

    @Bean
    RateLimiter rateLimiter(SecurityProperties properties) {
        return new RateLimiter(properties.rateLimit(), System::nanoTime);
    }

    /**
     * Callers by token, for every chain that signs requests in (the API's, the
     * publisher's pages).
     */
    @Bean
    PlanOwners planOwners(KafkaProperties kafka, Environment environment) {
        String application = environment.getProperty("spring.application.name", "planwatch");
        return new PlanOwners(kafka, application + "-plan-owners");
    }

    @Bean
    AuthenticationManager tokenAuthentication(TokenRegistry registry) {
        ProviderManager manager = new ProviderManager(new TokenAuthenticationProvider(registry));
        // The pages pass the token on to the aggregator; it is never stored or printed.
        manager.setEraseCredentialsAfterAuthentication(false);
        return manager;
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
