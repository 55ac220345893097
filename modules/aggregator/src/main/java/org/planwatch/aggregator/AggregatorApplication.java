package org.planwatch.aggregator;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.planwatch.access.AccessConfiguration;

/**
 * The aggregator: a Kafka Streams application that folds progress events into
 * per-initiative state and exposes it as Prometheus metrics and a JSON status API.
 *
 * <p>
 * Run: {@code java -jar modules/aggregator/target/aggregator-*-exec.jar
 * --spring.kafka.bootstrap-servers=127.0.0.1:9092} (status API on 8081, actuator on
 * 9081). Run more instances with the same application id and their own state dir and
 * ports to scale out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
// @SpringBootApplication's scan, less the management server's own configuration: Spring
// Boot
// imports that into the management child context (META-INF/spring), and scanned here too
// it
// would apply to the API server as well.
@ComponentScan(excludeFilters = { @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class) })
@ConfigurationPropertiesScan
@Import(AccessConfiguration.class)
public class AggregatorApplication {

    public static void main(String[] args) {
        start(args);
    }

    /**
     * Starts with its own config file name ({@code aggregator.yml}), so it can share a
     * JVM with the publisher.
     */
    public static ConfigurableApplicationContext start(String... args) {
        NativeLz4.load();
        SpringApplication app = new SpringApplication(AggregatorApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "aggregator"));
        return app.run(args);
    }

}
