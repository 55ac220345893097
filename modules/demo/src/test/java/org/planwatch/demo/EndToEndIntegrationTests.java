package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline on a real broker: a department's HTTP POST, the publisher, Kafka, the
 * aggregator, and the exact value on the aggregator's {@code /actuator/prometheus}.
 */
class EndToEndIntegrationTests {

    static ConfigurableApplicationContext publisher;
    static ConfigurableApplicationContext aggregator;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        publisher = PublisherApplication.start(bootstrap, "--server.port=0", "--management.server.port=0");
        aggregator = AggregatorApplication.start(bootstrap, "--server.port=0", "--management.server.port=0",
                "--spring.kafka.streams.application-id=e2e-" + UUID.randomUUID(),
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("planwatch-e2e-"));
    }

    @AfterAll
    static void stop() {
        publisher.close();
        aggregator.close();
    }

    static String url(ConfigurableApplicationContext context, String port, String path) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty(port) + path;
    }

    static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String metrics() throws Exception {
        return send("GET", url(aggregator, "local.management.port", "/actuator/prometheus"), null).body();
    }

    static Double sample(String text, String name, String initiative) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*initiative=\"" + Pattern.quote(initiative) + "\"[^}]*}\\s+(\\S+)$",
                Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    @Test
    void postedReportBecomesTheExactMetricValue() throws Exception {
        String id = "yanglou-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String publisherApi = url(publisher, "local.server.port", "/api/v1/initiatives/" + id);
        assertThat(send("PUT", publisherApi, """
                {"name":"打好洋楼招商攻坚战","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi",
                 "kpis":[{"id":"buildings-leased","name":"招商洋楼","unit":"栋","target":90}]}
                """).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(sample(metrics(), "initiative_progress_ratio", id)).as("in the catalog, not yet reported")
                        .isEqualTo(0.0));

        String report = """
                {"eventId":"%s-r1","occurredAt":"2026-06-30T17:00:00+08:00","kpis":{"buildings-leased":36},"reportedBy":"商务局 王科长"}
                """.formatted(id);
        assertThat(send("POST", publisherApi + "/events", report).statusCode()).isEqualTo(202);
        assertThat(send("POST", publisherApi + "/events", report).statusCode()).as("a client's retry").isEqualTo(202);
        assertThat(send("POST", publisherApi + "/events", """
                {"eventId":"%s-r0","occurredAt":"2026-03-31T17:00:00+08:00","kpis":{"buildings-leased":12},"reportedBy":"商务局 王科长"}
                """.formatted(id)).statusCode()).as("a late, older report").isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_events_total", id)).isEqualTo(2.0);
            assertThat(sample(text, "initiative_progress_ratio", id)).isEqualTo(36.0 / 90.0);
            assertThat(sample(text, "initiative_last_report_timestamp_seconds", id))
                    .isEqualTo((double) java.time.Instant.parse("2026-06-30T09:00:00Z").getEpochSecond());
        });
        String status = send("GET", url(aggregator, "local.server.port", "/api/v1/initiatives/" + id + "/status"), null)
                .body();
        assertThat(status).contains("\"eventsCounted\":2", "\"duplicatesIgnored\":1", "\"value\":36.0");
    }
}
