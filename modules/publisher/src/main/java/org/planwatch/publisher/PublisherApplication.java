package org.planwatch.publisher;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.planwatch.access.AccessConfiguration;

/**
 * The publisher: the HTTP API departments report to. Writes catalog entries and progress
 * events to Kafka and acknowledges only what Kafka acknowledged.
 *
 * <p>
 * Run: {@code java -jar modules/publisher/target/publisher-*-exec.jar
 * --spring.kafka.bootstrap-servers=127.0.0.1:9092} (API on 8080, actuator on 9080).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(AccessConfiguration.class)
public class PublisherApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** The clock every server-owned timestamp comes from; tests may replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Starts with its own config file name ({@code publisher.yml}), so it can share a JVM
     * with the aggregator.
     */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(PublisherApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "publisher"));
        return app.run(args);
    }

}
