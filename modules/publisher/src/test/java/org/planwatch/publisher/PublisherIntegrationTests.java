package org.planwatch.publisher;

import org.planwatch.kafkalocal.LocalKafka;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The publisher's contract on the project's own KRaft broker: always runs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0" })
class PublisherIntegrationTests extends PublisherContract {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> LocalKafka.shared().bootstrapServers());
    }

    @Override
    String bootstrapServers() {
        return LocalKafka.shared().bootstrapServers();
    }

}
