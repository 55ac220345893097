package org.planwatch.publisher.web;

import org.planwatch.access.RateLimiter;
import org.planwatch.access.TokenRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Before the body-size limit and multipart parsing, like the API's token check. */
    @Bean
    FilterRegistrationBean<PageGuard> pageGuard(TokenRegistry tokens, RateLimiter limiter) {
        FilterRegistrationBean<PageGuard> registration = new FilterRegistrationBean<>(new PageGuard(tokens, limiter));
        registration.addUrlPatterns("/ui/*", "/ui");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
