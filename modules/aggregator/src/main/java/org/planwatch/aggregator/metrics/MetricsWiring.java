package org.planwatch.aggregator.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds the per-initiative collector to the registry that {@code /actuator/prometheus} scrapes. */
@Configuration(proxyBeanMethods = false)
class MetricsWiring {

    @Bean
    InitiativeMetrics initiativeMetrics(InitiativeView view, PrometheusRegistry registry,
            AggregatorProperties properties) {
        InitiativeMetrics metrics = new InitiativeMetrics(view, properties.rules().zone());
        registry.register(metrics);
        return metrics;
    }
}
