package org.planwatch.aggregator.topology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.TopicProvisioner;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * Spring's Kafka Streams (configured by {@code spring.kafka.streams.*}) running
 * {@link ProgressTopology}.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsWiring {

    /**
     * Leave the group on a clean shutdown, so that a restarted or scaled-down instance's
     * partitions move at once instead of after the session timeout.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
        return factory -> factory.setLeaveGroupOnClose(true);
    }

    @Bean
    InitiativeView initiativeView() {
        return new InitiativeView();
    }

    /**
     * The topics the topology reads and writes must exist before it starts: a sink to a
     * missing topic is fatal, and nothing is auto-created.
     */
    @Bean
    TopicsReady topicsReady(KafkaProperties kafka, AggregatorProperties properties) {
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            new TopicProvisioner(admin, properties.topics().settings()).ensureFixedTopics();
        }
        return new TopicsReady();
    }

    /** Marks that the fixed topics exist; the topology bean depends on it. */
    record TopicsReady() {
    }

    @Bean
    KStream<byte[], byte[]> progressTopology(StreamsBuilder builder, InitiativeView view, TopicsReady topicsReady,
            AggregatorProperties properties) {
        return ProgressTopology.build(builder, view, new Evaluator(properties.rules()), properties.evaluationInterval(),
                properties.publishStatus(), properties.supervision(), new CommitCadence(properties.commitInterval(),
                        properties.catchUp().commitInterval(), properties.catchUp().records()));
    }

}
