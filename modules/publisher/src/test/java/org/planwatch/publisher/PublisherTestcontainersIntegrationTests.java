package org.planwatch.publisher;

import org.apache.kafka.common.utils.AppInfoParser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same contract on the official Apache Kafka image, where Docker exists. Without
 * Docker it is skipped, and {@link PublisherIntegrationTests} still proves the behaviour
 * on a real broker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0" })
class PublisherTestcontainersIntegrationTests extends PublisherContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(
            // The broker image of the Kafka version the build's clients are.
            "apache/kafka:" + AppInfoParser.getVersion())
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }

}
