package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.events.Topics;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.kafka.KafkaWriter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/** With its broker gone, the publisher answers 503 within its bound and never a 2xx. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0" })
class BrokerDownIntegrationTests {

    /** A broker of this test's own, since the test stops it. */
    static final LocalKafka KAFKA = start();

    @LocalServerPort
    int port;

    Http http;

    @org.springframework.beans.factory.annotation.Autowired
    KafkaWriter writer;

    static LocalKafka start() {
        try {
            return LocalKafka.start(Files.createTempDirectory("planwatch-kafka-down-"), 0, 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        TestAccess.adminToken(registry);
    }

    @BeforeEach
    void http() {
        http = new Http("http://127.0.0.1:" + port, TestAccess.ADMIN_TOKEN);
    }

    @AfterAll
    static void cleanUp() {
        Path dir = KAFKA.dir();
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @Test
    void eventsAreRefusedWith503AndRetryAfterWhileTheBrokerIsDown() {
        assertThat(http.put("/api/v1/initiatives/river-chief", PublisherContract.initiativeJson("ecology", "water"))
            .status()).isEqualTo(201);
        // Of a program nobody has reported on yet: the producer holds no metadata for its
        // topic.
        assertThat(http.put("/api/v1/initiatives/old-town-lease", PublisherContract.initiativeJson("heritage", "water"))
            .status()).isEqualTo(201);
        // Issued while the broker is up; once read, a token stays honoured while Kafka is
        // away.
        Http water = TestAccess.department(http, "water");
        assertThat(water.post("/api/v1/initiatives/river-chief/events", "{\"percentComplete\":10,\"reportedBy\":\"a\"}")
            .status()).as("accepted while the broker is up").isEqualTo(202);

        KAFKA.close();

        long started = System.nanoTime();
        Http.Response single = water.post("/api/v1/initiatives/river-chief/events",
                "{\"eventId\":\"while-down-1\",\"percentComplete\":20,\"reportedBy\":\"a\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(single.status()).isEqualTo(503);
        assertThat(single.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(single.contentType()).startsWith("application/problem+json");
        assertThat(single.json().get("eventId").asString()).as("the id to retry with").isEqualTo("while-down-1");
        assertThat(took).as("bounded by planwatch.publisher.ack-timeout").isLessThan(Duration.ofSeconds(20));

        Http.Response batch = water.post("/api/v1/events",
                "{\"events\":[{\"initiativeId\":\"river-chief\",\"percentComplete\":30,\"reportedBy\":\"a\"}]}");
        assertThat(batch.json().get("accepted").asInt()).isZero();
        assertThat(batch.json().get("results").get(0).get("status").asInt()).isEqualTo(503);

        // Each record would wait max.block.ms (3 s) for the topic's metadata: 40 of them,
        // two minutes.
        String events = IntStream.range(0, 40)
            .mapToObj(i -> "{\"eventId\":\"lease-" + i + "\",\"initiativeId\":\"old-town-lease\","
                    + "\"percentComplete\":" + i + ",\"reportedBy\":\"a\"}")
            .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        started = System.nanoTime();
        Http.Response unknownTopic = water.post("/api/v1/events", events);
        took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(unknownTopic.json().get("accepted").asInt()).isZero();
        assertThat(unknownTopic.json().get("results")).hasSize(40)
            .allSatisfy(item -> assertThat(item.get("status").asInt()).isEqualTo(503));
        // One metadata wait for the topic (max.block.ms, 3 s), not one per event nor one
        // per event until the deadline.
        assertThat(took).as("a whole batch, one metadata wait").isLessThan(Duration.ofSeconds(9));

        // Past the request's deadline nothing more is sent (a send would wait for
        // metadata again).
        started = System.nanoTime();
        List<KafkaWriter.Outcome> late = writer
            .writeAll(List.of(new KafkaWriter.Pending<>(Topics.progress("late-one"), "a", null, 0L),
                    new KafkaWriter.Pending<>(Topics.progress("late-two"), "b", null, 0L)), Duration.ZERO);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(late).containsExactly(new KafkaWriter.Failed("Kafka did not acknowledge in time"),
                new KafkaWriter.Failed("Kafka did not acknowledge in time"));
    }

}
