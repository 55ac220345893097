package org.planwatch.publisher.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.planwatch.events.TopicProvisioner;
import org.planwatch.publisher.PublisherProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaWiring {

    @Bean(destroyMethod = "close")
    Admin kafkaAdminClient(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    /**
     * Creates the fixed topics at start-up; program topics are created as programs appear
     * in the catalog.
     */
    @Bean
    TopicProvisioner topicProvisioner(Admin admin, PublisherProperties properties) {
        TopicProvisioner provisioner = new TopicProvisioner(admin, properties.topics().settings());
        provisioner.ensureFixedTopics();
        return provisioner;
    }

}
