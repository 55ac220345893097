package org.planwatch.aggregator.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-initiative and pipeline metrics, and the {@code /actuator/prometheus} endpoint
 * that writes them.
 */
@Configuration(proxyBeanMethods = false)
class MetricsWiring {

    @Bean
    InitiativeMetrics initiativeMetrics(InitiativeView view, PrometheusRegistry registry,
            AggregatorProperties properties) {
        InitiativeMetrics metrics = new InitiativeMetrics(view, properties.rules().zone());
        registry.register(metrics);
        registry.register(new PipelineMetrics(view));
        registry.register(new SupervisionMetrics(view, Clock.systemUTC()));
        return metrics;
    }

    /**
     * Replaces Spring Boot's {@code /actuator/prometheus} (which steps back when one is
     * defined). The scrape's renderer thread is its own, not a bean: an {@code Executor}
     * bean would make Spring Boot leave out its application task executor. The endpoint
     * stops it.
     */
    @Bean
    InitiativeScrapeEndpoint prometheusEndpoint(PrometheusRegistry registry, PrometheusConfig config,
            InitiativeView view, InitiativeMetrics metrics) {
        Executor renderer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "initiative-render-ahead");
            thread.setDaemon(true);
            return thread;
        });
        InitiativeScrape scrape = InitiativeScrape.of(view, metrics.families(), renderer);
        return new InitiativeScrapeEndpoint(registry, config.prometheusProperties(), scrape, metrics);
    }

    /**
     * How long after the publisher received an event the aggregator counted it: the
     * pipeline's own delay, apart from the scrape. Buckets, not percentiles, so instances
     * can be summed.
     */
    @Bean
    Timer foldDelay(InitiativeView view, MeterRegistry registry) {
        Timer timer = Timer.builder("progress.fold.delay")
            .description("From the publisher's receivedAt to the aggregator counting the event")
            .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(60))
            .register(registry);
        view.onCounted(timer::record);
        return timer;
    }

}
