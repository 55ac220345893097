package org.planwatch.aggregator.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.planwatch.aggregator.view.InitiativeView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds the per-initiative collector to the registry that {@code /actuator/prometheus} scrapes. */
@Configuration(proxyBeanMethods = false)
class MetricsWiring {

    @Bean
    InitiativeMetrics initiativeMetrics(InitiativeView view, PrometheusRegistry registry) {
        InitiativeMetrics metrics = new InitiativeMetrics(view);
        registry.register(metrics);
        return metrics;
    }
}
