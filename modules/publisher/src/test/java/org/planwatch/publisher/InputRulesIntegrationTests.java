package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planwatch.access.Tokens;
import org.planwatch.kafkalocal.LocalKafka;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile and malformed input: always a problem-details answer naming what is wrong,
 * never a 500. The input comes with valid tokens, so it reaches the code that reads it;
 * the rate limit is set high enough for the 100,000-event flood below (the limit itself
 * is checked in RateLimitIntegrationTests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0",
                "planwatch.security.rate-limit.per-second=100000", "planwatch.security.rate-limit.burst=100000" })
class InputRulesIntegrationTests {

    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /** With the bootstrap admin token. */
    Http http;

    /** With a token of the department that owns {@link #id}. */
    Http commerce;

    String id;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> LocalKafka.shared().bootstrapServers());
        TestAccess.adminToken(registry);
    }

    @BeforeEach
    void initiative() {
        http = new Http("http://127.0.0.1:" + port, TestAccess.ADMIN_TOKEN);
        commerce = TestAccess.department(http, "commerce");
        id = "input-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(
                http.put("/api/v1/initiatives/" + id, PublisherContract.initiativeJson("economy", "commerce")).status())
            .isEqualTo(201);
    }

    Http.Response post(String json) {
        return commerce.post("/api/v1/initiatives/" + id + "/events", json);
    }

    HttpRequest.Builder withToken(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + commerce.token());
    }

    static void assertProblem(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception", "at org.");
        if (field != null) {
            assertThat(response.json().get("field").asString()).isEqualTo(field);
        }
    }

    @Test
    void unknownAndServerOwnedFieldsAreRefusedByName() {
        assertProblem(post("{\"percentComplete\":5,\"reportedBy\":\"a\",\"colour\":\"red\"}"), 400, "colour");
        assertProblem(post("{\"percentComplete\":5,\"reportedBy\":\"a\",\"department\":\"finance\"}"), 400,
                "department");
        assertProblem(post("{\"percentComplete\":5,\"reportedBy\":\"a\",\"receivedAt\":\"2026-01-01T00:00:00Z\"}"), 400,
                "receivedAt");
        assertProblem(http.put("/api/v1/initiatives/" + id, PublisherContract.initiativeJson("economy", "commerce")
            .replace("{\"name\"", "{\"updatedBy\":\"me\",\"name\"")), 400, "updatedBy");
    }

    @Test
    void nonFiniteAndOutOfRangeNumbersAreRefused() {
        assertProblem(post("{\"percentComplete\":\"NaN\",\"reportedBy\":\"a\"}"), 400, "percentComplete");
        assertProblem(post("{\"percentComplete\":\"Infinity\",\"reportedBy\":\"a\"}"), 400, "percentComplete");
        assertProblem(post("{\"percentComplete\":1e400,\"reportedBy\":\"a\"}"), 400, "percentComplete");
        assertProblem(post("{\"kpis\":{\"buildings-leased\":\"-Infinity\"},\"reportedBy\":\"a\"}"), 400,
                "kpis.buildings-leased");
        assertProblem(post("{\"percentComplete\":5,\"reportedBy\":\"" + "长".repeat(101) + "\"}"), 400, "reportedBy");
        assertProblem(post("{\"note\":\"" + "x".repeat(2001) + "\",\"reportedBy\":\"a\"}"), 400, "note");
        assertProblem(post("{\"eventId\":\"../../etc\",\"percentComplete\":5,\"reportedBy\":\"a\"}"), 400, "eventId");
    }

    @Test
    void oversizedBodiesGet413WhetherDeclaredOrChunked() throws Exception {
        byte[] big = ("{\"note\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"reportedBy\":\"a\"}")
            .getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/initiatives/" + id + "/events");
        HttpResponse<String> declared = CLIENT.send(withToken(uri).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(big))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> chunked = CLIENT.send(withToken(uri).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void wrongMediaTypeMethodAndPathAreProblemDetails() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/initiatives/" + id + "/events");
        HttpResponse<String> text = CLIENT.send(withToken(uri).header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("50 %"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> delete = CLIENT.send(withToken(uri).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertProblem(http.get("/no/such/path"), 404, null);
        assertProblem(commerce.get("/api/v1/no/such/path"), 404, null);
    }

    @Test
    void actuatorExposesOnlyHealthInfoAndPrometheusOnTheManagementPort() {
        Http management = new Http("http://127.0.0.1:" + managementPort);
        Http.Response health = management.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(management.get("/actuator/info").status()).isEqualTo(200);
        assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);
        for (String endpoint : List.of("env", "beans", "configprops", "mappings", "loggers", "heapdump", "threaddump",
                "metrics", "conditions", "scheduledtasks", "shutdown", "caches", "sbom")) {
            assertThat(management.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(404);
        }
        assertThat(http.get("/actuator/prometheus").status()).as("not on the API port").isEqualTo(404);
    }

    /**
     * 100,000 events with random initiative ids, random headers and random paths, some
     * with random tokens, leave the number of series on /actuator/prometheus unchanged,
     * and the heap flat.
     */
    @Test
    void randomIdsHeadersAndPathsNeitherGrowTheSeriesNorTheHeap() throws Exception {
        Http management = new Http("http://127.0.0.1:" + managementPort);
        Random random = new Random(42);
        hostileRound(random, 1_000, 20); // every bounded series exists after this
        Set<String> seriesBefore = series(management.get("/actuator/prometheus").body());
        long heapBefore = usedHeapAfterGc();
        hostileRound(random, 100_000, 2_000);
        Set<String> seriesAfter = series(management.get("/actuator/prometheus").body());
        long heapAfter = usedHeapAfterGc();
        assertThat(seriesAfter).as("series after 100,000 hostile events")
            .containsExactlyInAnyOrderElementsOf(seriesBefore);
        assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(64L * 1024 * 1024);
    }

    private void hostileRound(Random random, int events, int paths) throws Exception {
        for (int sent = 0; sent < events; sent += 1000) {
            StringBuilder batch = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 1000; i++) {
                batch.append(i == 0 ? "" : ",")
                    .append("{\"initiativeId\":\"r")
                    .append(Long.toHexString(random.nextLong()))
                    .append("\",\"percentComplete\":5,\"reportedBy\":\"x\"}");
            }
            HttpResponse<String> response = CLIENT
                .send(withToken(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Content-Type", "application/json")
                    .header("X-Random-" + Long.toHexString(random.nextLong()), Long.toHexString(random.nextLong()))
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < paths; i++) {
            String path = "/api/v1/initiatives/" + Long.toHexString(random.nextLong())
                    + (i % 2 == 0 ? "/events" : "/x" + i);
            // Every third a well-formed token nobody issued: 401, and no rate-limit
            // bucket for it.
            String token = i % 3 == 0 ? Tokens.generate().token() : commerce.token();
            CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("X-" + i, "v")
                .POST(HttpRequest.BodyPublishers.ofString("{\"percentComplete\":1,\"reportedBy\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * Each series' name and labels, without its value (GC series come and go with
     * collections: left out).
     */
    static Set<String> series(String exposition) {
        return exposition.lines()
            .filter(l -> !l.startsWith("#") && !l.isBlank() && !l.startsWith("jvm_gc"))
            .map(l -> l.substring(0, l.lastIndexOf(' ')))
            .collect(Collectors.toSet());
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
