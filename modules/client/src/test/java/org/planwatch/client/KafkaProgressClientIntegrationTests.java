package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.ProgressEvent;
import tools.jackson.databind.JsonNode;

/**
 * {@link KafkaProgressClient} on the real pipeline: what it writes lands on its
 * department's topic, decodes with the project's serde, and is counted by the aggregator,
 * once.
 */
class KafkaProgressClientIntegrationTests {

    /** A program of its own, so its topic holds only this class's events. */
    static final String PROGRAM = "client-kafka-" + UUID.randomUUID().toString().substring(0, 8);
    static Pipeline pipeline;
    static String commerce;
    static String initiative;
    static KafkaProgressClient client;

    @BeforeAll
    static void start() throws Exception {
        pipeline = Pipeline.shared();
        commerce = pipeline.departmentToken("commerce");
        initiative = "client-kafka-" + UUID.randomUUID().toString().substring(0, 8);
        pipeline.putInitiative(initiative, Pipeline.initiative(PROGRAM, "commerce"));
        pipeline.putInitiative(initiative + "-water", Pipeline.initiative(PROGRAM, "ecology-env"));
        client = KafkaProgressClient.builder(kafka()).clientId("commerce-erp").department("commerce").build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static Properties kafka() {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", Pipeline.bootstrapServers());
        return kafka;
    }

    /** Every record on the department's topic, read whole from the beginning. */
    static List<ConsumerRecord<String, byte[]>> topicRecords() {
        String topic = Topics.reports("commerce").name();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Pipeline.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }

    /** With the project's serde, as the aggregator reads it. */
    static ProgressEvent decode(ConsumerRecord<String, byte[]> record) {
        return Topics.progress(PROGRAM).valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void reportLandsOnTheDepartmentsTopicKeyedByInitiativeAndDecodesWithTheProjectSerde() throws Exception {
        Report report = Report.builder(initiative)
            .businessKey("2026-06")
            .occurredAt(OffsetDateTime.parse("2026-06-30T17:00:00+08:00"))
            .kpi("villas", 36)
            .milestone("m1")
            .declaredHealth(DeclaredHealth.AT_RISK)
            .note("六月报送")
            .reportedBy("商务局 招商系统")
            .build();

        assertThat(client.send(report)).isEqualTo(report.eventId());

        ConsumerRecord<String, byte[]> record = topicRecords().stream()
            .filter(r -> decode(r).getEventId().equals(report.eventId()))
            .findFirst()
            .orElseThrow();
        assertThat(record.key()).isEqualTo(initiative);
        ProgressEvent event = decode(record);
        assertThat(event.getEventId()).isEqualTo(report.eventId());
        assertThat(event.getInitiativeId()).isEqualTo(initiative);
        assertThat(event.getDepartment()).as("the client's, which the topic proves").isEqualTo("commerce");
        assertThat(event.getSource()).isEqualTo(EventSource.CLIENT);
        assertThat(event.getOccurredAt()).isEqualTo(report.occurredAt().toInstant());
        assertThat(event.getKpis()).isEqualTo(Map.of("villas", 36.0));
        assertThat(event.getMilestonesReached()).containsExactly("m1");
        assertThat(event.getDeclaredHealth()).isEqualTo(DeclaredHealth.AT_RISK);
        assertThat(event.getNote()).isEqualTo("六月报送");
    }

    @Test
    void reportSentDirectlyIsCountedOnceHoweverOftenItIsSent() throws Exception {
        String id = "client-kafka-once-" + UUID.randomUUID().toString().substring(0, 8);
        pipeline.putInitiative(id, Pipeline.initiative(PROGRAM, "commerce"));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.knows(id));
        Report report = Report.builder(id).businessKey("2026-06").kpi("villas", 45).reportedBy("商务局 招商系统").build();

        client.send(report);
        client.send(report);
        client.send(Report.builder(id).businessKey("2026-06").kpi("villas", 45).reportedBy("商务局 招商系统").build());

        JsonNode status = await().atMost(Duration.ofSeconds(60))
            .until(() -> pipeline.status(commerce, id),
                    s -> s != null && s.path("eventsCounted").asInt() == 1 && s.path("duplicatesIgnored").asInt() == 2);
        assertThat(status.path("progress").asDouble()).isEqualTo(0.5);
    }

    @Test
    void initiativeNotInTheCatalogIsRefused() {
        Report report = Report.builder("no-such-initiative").percentComplete(10).reportedBy("商务局").build();
        assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(UnknownInitiativeException.class, e -> {
            assertThat(e.eventId()).isEqualTo(report.eventId());
            assertThat(e.problem().field()).isEqualTo("initiativeId");
            assertThat(e.problem().detail()).contains("no-such-initiative");
        });
    }

    @Test
    void anotherDepartmentsInitiativeIsRefusedBeforeKafka() {
        await().atMost(Duration.ofSeconds(30)).until(() -> client.knows(initiative + "-water"));
        Report report = Report.builder(initiative + "-water").percentComplete(10).reportedBy("商务局").build();
        assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportRejectedException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(403);
            assertThat(e.problem().detail()).contains("commerce", "neither owns nor supports");
        });
        assertThat(topicRecords()).noneMatch(r -> decode(r).getEventId().equals(report.eventId()));
    }

    @Test
    void reportBreakingThePublishersInputRulesIsRefusedBeforeKafka() {
        Report report = Report.builder(initiative).percentComplete(150).kpi("no-such-kpi", 1).reportedBy("商务局").build();
        assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportRejectedException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().field()).isEqualTo("percentComplete");
            assertThat(e.problem().json()).contains("kpis.no-such-kpi");
        });
        assertThat(topicRecords()).noneMatch(r -> decode(r).getEventId().equals(report.eventId()));
    }

    @Test
    void settingsThatWeakenDurabilityAreRefused() {
        Properties weak = kafka();
        weak.put("acks", "1");
        assertThatThrownBy(() -> KafkaProgressClient.builder(weak).department("commerce").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("acks");
        Properties notIdempotent = kafka();
        notIdempotent.put("enable.idempotence", "false");
        assertThatThrownBy(() -> KafkaProgressClient.builder(notIdempotent).department("commerce").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("enable.idempotence");
    }

}
