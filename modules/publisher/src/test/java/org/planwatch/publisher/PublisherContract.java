package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.ProgressEvent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * What the publisher promises, checked on a real broker. Subclasses choose the broker:
 * the project's own KRaft broker always, a Testcontainers broker where Docker exists. The
 * catalog is edited with the bootstrap admin token; reports come with department tokens
 * issued through the API.
 */
abstract class PublisherContract {

    @LocalServerPort
    int port;

    /** Calls made with the bootstrap admin token. */
    Http http;

    abstract String bootstrapServers();

    @DynamicPropertySource
    static void access(DynamicPropertyRegistry registry) {
        TestAccess.adminToken(registry);
    }

    @BeforeEach
    void http() {
        http = new Http("http://127.0.0.1:" + port, TestAccess.ADMIN_TOKEN);
    }

    Http department(String department) {
        return TestAccess.department(http, department);
    }

    static String initiativeJson(String program, String department) {
        return """
                {"name":"打好洋楼招商攻坚战","program":"%s","department":"%s","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi",
                 "kpis":[{"id":"buildings-leased","name":"招商洋楼","unit":"栋","target":90}],
                 "milestones":[{"id":"plan-published","name":"一楼一策方案发布"}]}
                """.formatted(program, department);
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void catalogEntryIsWrittenToTheCompactedTopicAndServedBack() {
        String id = uniqueId("yanglou");
        Http.Response created = http.put("/api/v1/initiatives/" + id, initiativeJson("economy", "commerce"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("updatedBy").asString()).as("the admin token that made it")
            .isEqualTo("token:bootstrap-admin");

        assertThat(http.put("/api/v1/initiatives/" + id, initiativeJson("economy", "commerce")).status())
            .as("a replacement is a re-baseline, not a creation")
            .isEqualTo(200);
        JsonNode got = http.get("/api/v1/initiatives/" + id).json();
        assertThat(got.get("name").asString()).isEqualTo("打好洋楼招商攻坚战");
        assertThat(got.get("kpis").get(0).get("target").asDouble()).isEqualTo(90.0);

        List<ConsumerRecord<String, byte[]>> records = readAll(Topics.INITIATIVES.name(), id, 2);
        Initiative latest = Topics.INITIATIVES.valueSerde().deserializer().deserialize("", records.get(1).value());
        assertThat(latest.getId()).isEqualTo(id);
        assertThat(latest.getProgram()).isEqualTo("economy");
        assertThat(http.get("/api/v1/initiatives").json().findValuesAsString("id")).contains(id);
    }

    @Test
    void acceptedEventIsOnItsProgramTopicKeyedByInitiativeWithServerOwnedFields() {
        String id = uniqueId("relief");
        assertThat(http.put("/api/v1/initiatives/" + id, initiativeJson("livelihood", "civil-affairs")).status())
            .isEqualTo(201);

        Http.Response accepted = department("civil-affairs").post("/api/v1/initiatives/" + id + "/events", """
                {"eventId":"evt-%s","occurredAt":"2026-03-01T09:30:00+08:00","percentComplete":42.5,
                 "kpis":{"buildings-leased":12},"milestones":["plan-published"],"declaredHealth":"at_risk",
                 "note":"已签约十二栋","reportedBy":"王科长"}
                """.formatted(id));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("eventId").asString()).isEqualTo("evt-" + id);
        ConsumerRecord<String, byte[]> record = readAll("progress.livelihood", id, 1).get(0);
        ProgressEvent event = Topics.progress("livelihood").valueSerde().deserializer().deserialize("", record.value());
        assertThat(event.getEventId()).isEqualTo("evt-" + id);
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T01:30:00Z"));
        assertThat(event.getPercentComplete()).isEqualTo(42.5);
        assertThat(event.getKpis()).containsEntry("buildings-leased", 12.0);
        assertThat(event.getDeclaredHealth()).isEqualTo(DeclaredHealth.AT_RISK);
        assertThat(event.getDepartment()).as("server-owned, from the catalog").isEqualTo("civil-affairs");
        assertThat(event.getSource()).isEqualTo(EventSource.HTTP);
        assertThat(event.getReceivedAt()).isAfter(event.getOccurredAt());
        assertThat(event.getNote()).isEqualTo("已签约十二栋");
    }

    @Test
    void eventIdIsMadeByTheServerWhenAbsent() {
        String id = uniqueId("school");
        http.put("/api/v1/initiatives/" + id, initiativeJson("livelihood", "education"));
        Http.Response accepted = department("education").post("/api/v1/initiatives/" + id + "/events",
                "{\"percentComplete\":10,\"reportedBy\":\"李老师\"}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(UUID.fromString(accepted.json().get("eventId").asString())).isNotNull();
    }

    @Test
    void invalidEventIsRejectedWithProblemDetailsNamingTheField() {
        String id = uniqueId("bluesky");
        http.put("/api/v1/initiatives/" + id, initiativeJson("ecology", "ecology-env"));
        Http ecology = department("ecology-env");

        Http.Response tooMuch = ecology.post("/api/v1/initiatives/" + id + "/events",
                "{\"percentComplete\":140,\"reportedBy\":\"x\"}");
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.contentType()).startsWith("application/problem+json");
        assertThat(tooMuch.json().get("field").asString()).isEqualTo("percentComplete");

        Http.Response unknownKpi = ecology.post("/api/v1/initiatives/" + id + "/events",
                "{\"kpis\":{\"made-up\":3},\"reportedBy\":\"x\"}");
        assertThat(unknownKpi.json().get("field").asString()).isEqualTo("kpis.made-up");

        Http.Response wrongType = ecology.post("/api/v1/initiatives/" + id + "/events",
                "{\"percentComplete\":\"half\",\"reportedBy\":\"x\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("field").asString()).isEqualTo("percentComplete");

        Http.Response future = ecology.post("/api/v1/initiatives/" + id + "/events",
                "{\"percentComplete\":5,\"occurredAt\":\"2999-01-01T00:00:00Z\",\"reportedBy\":\"x\"}");
        assertThat(future.json().get("field").asString()).isEqualTo("occurredAt");

        Http.Response selfCorrection = ecology.post("/api/v1/initiatives/" + id + "/events",
                "{\"eventId\":\"same\",\"supersedes\":\"same\",\"percentComplete\":5,\"reportedBy\":\"x\"}");
        assertThat(selfCorrection.json().get("field").asString()).isEqualTo("supersedes");

        Http.Response brokenJson = ecology.post("/api/v1/initiatives/" + id + "/events", "{\"percentComplete\":");
        assertThat(brokenJson.status()).isEqualTo(400);
        assertThat(brokenJson.contentType()).startsWith("application/problem+json");
    }

    /**
     * A department is told 403 for an id not in the catalog, exactly as for another
     * department's initiative, so it cannot map the catalog by probing; a supervisor, who
     * reads everything, 404.
     */
    @Test
    void anInitiativeNotInTheCatalogIsForbiddenToADepartmentAndNotFoundForASupervisor() {
        String nowhere = uniqueId("nowhere");
        String others = uniqueId("others");
        assertThat(http.put("/api/v1/initiatives/" + others, initiativeJson("economy", "commerce")).status())
            .isEqualTo(201);
        Http water = department("water");

        Http.Response unknown = water.post("/api/v1/initiatives/" + nowhere + "/events",
                "{\"percentComplete\":5,\"reportedBy\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Http.Response notTheirs = water.post("/api/v1/initiatives/" + others + "/events",
                "{\"percentComplete\":5,\"reportedBy\":\"x\"}");
        assertThat(notTheirs.status()).isEqualTo(403);
        assertThat(notTheirs.json().get("type").asString()).isEqualTo(unknown.json().get("type").asString());
        assertThat(notTheirs.json().get("detail").asString().replace(others, nowhere)).as("the same answer for both")
            .isEqualTo(unknown.json().get("detail").asString());

        assertThat(water.get("/api/v1/initiatives/" + nowhere).status()).isEqualTo(403);
        assertThat(water.get("/api/v1/initiatives/" + others).status()).isEqualTo(403);
        Http.Response notFound = TestAccess.supervisor(http).get("/api/v1/initiatives/" + nowhere);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/initiatives/" + nowhere).status()).as("admin").isEqualTo(404);
    }

    @Test
    void invalidCatalogEntryIsRejectedNamingTheField() {
        Http.Response response = http.put("/api/v1/initiatives/" + uniqueId("bad"), """
                {"name":"x","program":"Economy!","department":"commerce",\
                "startDate":"2026-05-01","dueDate":"2026-01-01"}
                """);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().findValuesAsString("field")).contains("program", "dueDate");

        Http.Response farFuture = http.put("/api/v1/initiatives/" + uniqueId("bad"),
                "{\"name\":\"x\",\"program\":\"economy\",\"department\":\"commerce\","
                        + "\"startDate\":\"2026-05-01\",\"dueDate\":\"+9999999-01-01\"}");
        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.json().findValuesAsString("field")).contains("dueDate");
    }

    @Test
    void parentsMustExistAndTheTreeMustNotLoop() {
        String a = uniqueId("tree-a");
        String b = uniqueId("tree-b");
        String withParent = initiativeJson("ecology", "ecology-env").replace("{\"name\"",
                "{\"parentId\":\"%s\",\"name\"");
        Http.Response orphan = http.put("/api/v1/initiatives/" + b, withParent.formatted(uniqueId("nobody")));
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.json().get("field").asString()).isEqualTo("parentId");

        assertThat(http.put("/api/v1/initiatives/" + a, initiativeJson("ecology", "ecology-env")).status())
            .isEqualTo(201);
        assertThat(http.put("/api/v1/initiatives/" + b, withParent.formatted(a)).status()).isEqualTo(201);
        Http.Response loop = http.put("/api/v1/initiatives/" + a, withParent.formatted(b));
        assertThat(loop.status()).isEqualTo(400);
        assertThat(loop.json().get("detail").asString()).contains("cycle");
    }

    @Test
    void batchAnswersEachEventOnItsOwn() {
        String id = uniqueId("relief");
        http.put("/api/v1/initiatives/" + id, initiativeJson("livelihood", "civil-affairs"));
        Http.Response response = department("civil-affairs").post("/api/v1/events", """
                {"events":[
                  {"initiativeId":"%1$s","eventId":"b1-%1$s","percentComplete":20,"reportedBy":"a"},
                  {"initiativeId":"%1$s","eventId":"b2-%1$s","percentComplete":-1,"reportedBy":"a"},
                  {"initiativeId":"no-such-initiative","percentComplete":20,"reportedBy":"a"},
                  {"initiativeId":"%1$s","eventId":"b4-%1$s","note":"进展顺利","reportedBy":"a"}
                ]}
                """.formatted(id));
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        List<Integer> statuses = new ArrayList<>();
        body.get("results").forEach(r -> statuses.add(r.get("status").asInt()));
        assertThat(statuses).as("an id not in the catalog is forbidden, as another department's")
            .containsExactly(202, 400, 403, 202);
        assertThat(body.get("results").get(1).get("problem").get("field").asString()).isEqualTo("percentComplete");
        assertThat(body.get("results").get(2).get("problem").get("type").asString()).isEqualTo("/problems/forbidden");
        assertThat(readAll("progress.livelihood", id, 2)).hasSize(2);
    }

    @Test
    void batchOverTheLimitIsRejectedWhole() {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            events.append(i == 0 ? "" : ",")
                .append("{\"initiativeId\":\"x\",\"percentComplete\":1,\"reportedBy\":\"a\"}");
        }
        Http.Response response = department("commerce").post("/api/v1/events", "{\"events\":[" + events + "]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asString()).isEqualTo("events");
    }

    /**
     * Every record of {@code topic} with {@code key}, once at least {@code expected} are
     * there.
     */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, String key, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    static Map<String, Object> kafkaProperties(String bootstrapServers) {
        return Map.of("spring.kafka.bootstrap-servers", bootstrapServers);
    }

}
