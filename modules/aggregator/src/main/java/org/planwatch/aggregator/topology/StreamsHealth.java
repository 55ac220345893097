package org.planwatch.aggregator.topology;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Readiness of the Streams application (the readiness group includes this): UP while it
 * is RUNNING and every local store has caught up with its changelog to within
 * {@code planwatch.aggregator.ready-max-store-lag} records, so what this instance serves
 * is its state, not a half-restored one; OUT_OF_SERVICE while it starts, rebalances or
 * restores; DOWN once it failed or stopped.
 */
@Component
class StreamsHealth implements HealthIndicator {

    private final StreamsBuilderFactoryBean streams;

    private final long maxStoreLag;

    StreamsHealth(StreamsBuilderFactoryBean streams, MeterRegistry registry,
            @Value("${planwatch.aggregator.ready-max-store-lag:1000}") long maxStoreLag) {
        this.streams = streams;
        this.maxStoreLag = maxStoreLag;
        // For the KafkaStreamsNotRunning alert: the state as a number Prometheus can
        // compare.
        Gauge.builder("aggregator.streams.running", this, h -> h.running() ? 1 : 0)
            .description("1 while the Kafka Streams application is RUNNING, 0 otherwise")
            .register(registry);
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
        Long lag = state == KafkaStreams.State.RUNNING ? storeLag(kafkaStreams) : null;
        return readiness(state, lag, maxStoreLag);
    }

    /**
     * @param storeLag the largest changelog lag of a local store; null when unknown (not
     * asked, or not answered)
     */
    static Health readiness(KafkaStreams.State state, Long storeLag, long maxStoreLag) {
        Health.Builder health = switch (state) {
            case RUNNING -> storeLag != null && storeLag > maxStoreLag ? Health.outOfService() : Health.up();
            case CREATED, REBALANCING -> Health.outOfService();
            default -> Health.down();
        };
        health.withDetail("state", state.name());
        if (storeLag != null) {
            health.withDetail("storeLag", storeLag);
        }
        return health.build();
    }

    /**
     * The largest number of changelog records a local store has yet to restore. Asks the
     * brokers for end offsets; when they do not answer the lag is unknown, and readiness
     * follows the state alone rather than flapping with the network.
     */
    private static Long storeLag(KafkaStreams kafkaStreams) {
        try {
            long max = 0;
            for (Map<Integer, LagInfo> partitions : kafkaStreams.allLocalStorePartitionLags().values()) {
                for (LagInfo lag : partitions.values()) {
                    max = Math.max(max, lag.offsetLag());
                }
            }
            return max;
        }
        catch (RuntimeException e) {
            return null;
        }
    }

}
