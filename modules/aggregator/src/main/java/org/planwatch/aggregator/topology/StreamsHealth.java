package org.planwatch.aggregator.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * UP while the Streams application is RUNNING; OUT_OF_SERVICE while it starts or rebalances (the
 * readiness group includes this); DOWN once it failed or stopped.
 */
@Component
class StreamsHealth implements HealthIndicator {

    private final StreamsBuilderFactoryBean streams;

    StreamsHealth(StreamsBuilderFactoryBean streams, MeterRegistry registry) {
        this.streams = streams;
        // For the KafkaStreamsNotRunning alert: the state as a number Prometheus can compare.
        Gauge.builder("aggregator.streams.running", this, h -> h.running() ? 1 : 0)
                .description("1 while the Kafka Streams application is RUNNING, 0 otherwise").register(registry);
    }

    boolean running() {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        return kafkaStreams != null && kafkaStreams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public Health health() {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            return Health.outOfService().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = kafkaStreams.state();
        Health.Builder health = switch (state) {
            case RUNNING -> Health.up();
            case CREATED, REBALANCING -> Health.outOfService();
            default -> Health.down();
        };
        return health.withDetail("state", state.name()).build();
    }
}
