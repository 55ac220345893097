package org.planwatch.publisher.publicpage;

import org.planwatch.access.RateLimiter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class PublicWiring {

    /**
     * First of all filters on the public page: a flood is turned away before any work.
     */
    @Bean
    FilterRegistrationBean<AddressRateLimit> publicRateLimit(PublicProperties properties) {
        FilterRegistrationBean<AddressRateLimit> registration = new FilterRegistrationBean<>(
                new AddressRateLimit(RateLimiter.bounded(properties.perSecond(), properties.burst(),
                        properties.clients(), System::nanoTime)));
        registration.addUrlPatterns("/public", "/public/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

}
