package org.planwatch.aggregator.topology;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Liveness of the Streams application (the liveness group includes this): DOWN when a
 * stream thread has died or the application has failed or stopped, which no amount of
 * waiting repairs, so an orchestrator restarts the process. Starting and rebalancing are
 * alive (readiness says not yet).
 */
@Component
class StreamsLiveness implements HealthIndicator {

    private final StreamsBuilderFactoryBean streams;

    StreamsLiveness(StreamsBuilderFactoryBean streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            return Health.up().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = kafkaStreams.state();
        int alive = 0;
        if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
            for (ThreadMetadata thread : kafkaStreams.metadataForLocalThreads()) {
                alive += "DEAD".equals(thread.threadState()) || "PENDING_SHUTDOWN".equals(thread.threadState()) ? 0 : 1;
            }
        }
        return liveness(state, alive, expectedThreads());
    }

    static Health liveness(KafkaStreams.State state, int aliveThreads, int expectedThreads) {
        Health.Builder health = switch (state) {
            case CREATED -> Health.up();
            case RUNNING, REBALANCING -> aliveThreads >= expectedThreads ? Health.up() : Health.down();
            default -> Health.down();
        };
        return health.withDetail("state", state.name()).withDetail("threads", aliveThreads).build();
    }

    private int expectedThreads() {
        var config = streams.getStreamsConfiguration();
        Object threads = config == null ? null : config.get("num.stream.threads");
        return threads == null ? 1 : Integer.parseInt(threads.toString());
    }

}
