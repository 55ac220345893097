package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real pipeline for the integration tests: the shared broker, the publisher and the
 * aggregator, started once per test JVM (they take seconds) and stopped at exit. Tests
 * use their own initiative ids, so they do not see each other's events.
 */
final class Pipeline {

    /** A fresh first-admin token per run: no secret lives in the repository. */
    static final String ADMIN = "client-it-admin-" + UUID.randomUUID();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static volatile Pipeline shared;

    final ConfigurableApplicationContext publisher;

    final ConfigurableApplicationContext aggregator;

    private Pipeline(ConfigurableApplicationContext publisher, ConfigurableApplicationContext aggregator) {
        this.publisher = publisher;
        this.aggregator = aggregator;
    }

    static Pipeline shared() throws Exception {
        if (shared == null) {
            synchronized (Pipeline.class) {
                if (shared == null) {
                    String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
                    String admin = "--planwatch.security.admin-token=" + ADMIN;
                    ConfigurableApplicationContext publisher = PublisherApplication.start(bootstrap, admin,
                            "--server.port=0", "--management.server.port=0");
                    ConfigurableApplicationContext aggregator = AggregatorApplication.start(bootstrap, admin,
                            "--server.port=0", "--management.server.port=0",
                            "--spring.kafka.streams.application-id=client-it-" + UUID.randomUUID(),
                            "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("planwatch-client-it-"));
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        aggregator.close();
                        publisher.close();
                    }, "pipeline-stop"));
                    shared = new Pipeline(publisher, aggregator);
                }
            }
        }
        return shared;
    }

    static String bootstrapServers() {
        return LocalKafka.shared().bootstrapServers();
    }

    int publisherPort() {
        return Integer.parseInt(publisher.getEnvironment().getProperty("local.server.port"));
    }

    URI publisherUri() {
        return URI.create("http://127.0.0.1:" + publisherPort());
    }

    /**
     * Puts a catalog entry with the admin token; {@code body} is the catalog JSON of
     * docs/departments.md.
     */
    void putInitiative(String id, String body) throws Exception {
        HttpResponse<String> answer = send(ADMIN, "PUT", publisherUri() + "/api/v1/initiatives/" + id, body);
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
    }

    /**
     * A department token issued through the publisher's admin API, as an operator would.
     */
    String departmentToken(String department) throws Exception {
        String body = JSON
            .writeValueAsString(Map.of("role", "department", "department", department, "label", "client-it"));
        HttpResponse<String> answer = send(ADMIN, "POST", publisherUri() + "/api/v1/tokens", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return JSON.readTree(answer.body()).path("token").stringValue();
    }

    /**
     * The aggregator's status of an initiative, or null while it answers anything but
     * 200.
     */
    JsonNode status(String token, String id) throws Exception {
        String url = "http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.server.port")
                + "/api/v1/initiatives/" + id + "/status";
        HttpResponse<String> answer = send(token, "GET", url, null);
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    }

    static HttpResponse<String> send(String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A catalog entry of {@code department} in {@code program} with one KPI
     * ({@code villas}, target 90) and one milestone ({@code m1}).
     */
    static String initiative(String program, String department) {
        return """
                {"name":"打好洋楼招商攻坚战","program":"%s","department":"%s","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi",
                 "kpis":[{"id":"villas","name":"一楼一策的洋楼","unit":"栋","target":90}],
                 "milestones":[{"id":"m1","name":"方案"}]}
                """.formatted(program, department);
    }

}
