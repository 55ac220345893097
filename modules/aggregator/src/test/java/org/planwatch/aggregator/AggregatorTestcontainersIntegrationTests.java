package org.planwatch.aggregator;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same contract on the official Apache Kafka image, where Docker exists; skipped
 * without it, when {@link AggregatorIntegrationTests} still proves it on a real broker.
 */
@Testcontainers(disabledWithoutDocker = true)
class AggregatorTestcontainersIntegrationTests extends AggregatorContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(
            // The broker image of the Kafka version the build's clients are.
            "apache/kafka:" + AppInfoParser.getVersion())
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }

}
