package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
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
 * The whole pipeline on a real broker: a department's HTTP POST, the publisher, Kafka,
 * the aggregator, and the exact value on the aggregator's {@code /actuator/prometheus}.
 */
class EndToEndIntegrationTests {

    static ConfigurableApplicationContext publisher;
    static ConfigurableApplicationContext aggregator;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A fresh first-admin token per run: no secret lives in the repository. */
    static final String ADMIN = "e2e-admin-" + UUID.randomUUID();
    static String COMMERCE;
    static String CIVIL_AFFAIRS;
    static String SUPERVISOR;

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        String admin = "--planwatch.security.admin-token=" + ADMIN;
        publisher = PublisherApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0");
        COMMERCE = issue("department", "commerce");
        CIVIL_AFFAIRS = issue("department", "civil-affairs");
        SUPERVISOR = issue("supervisor", null);
        aggregator = AggregatorApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0",
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

    /** A token issued through the publisher's admin API, as an operator would. */
    static String issue(String role, String department) throws Exception {
        String body = department == null ? "{\"role\":\"%s\",\"label\":\"e2e\"}".formatted(role)
                : "{\"role\":\"%s\",\"department\":\"%s\",\"label\":\"e2e\"}".formatted(role, department);
        HttpResponse<String> response = send(ADMIN, "POST", url(publisher, "local.server.port", "/api/v1/tokens"),
                body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /**
     * @param token bearer token, or null for none (the actuator needs none)
     */
    static HttpResponse<String> send(String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String metrics() throws Exception {
        return send(null, "GET", url(aggregator, "local.management.port", "/actuator/prometheus"), null).body();
    }

    static Double sample(String text, String name, String initiative) {
        Matcher m = Pattern
            .compile("^" + name + "\\{[^}]*initiative=\"" + Pattern.quote(initiative) + "\"[^}]*}\\s+(\\S+)$",
                    Pattern.MULTILINE)
            .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    @Test
    void postedReportBecomesTheExactMetricValue() throws Exception {
        String id = "yanglou-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String publisherApi = url(publisher, "local.server.port", "/api/v1/initiatives/" + id);
        assertThat(send(ADMIN, "PUT", publisherApi, """
                {"name":"打好洋楼招商攻坚战","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi",
                 "kpis":[{"id":"buildings-leased","name":"招商洋楼","unit":"栋","target":90}]}
                """).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(sample(metrics(), "initiative_progress_ratio", id))
                .as("in the catalog, not yet reported")
                .isEqualTo(0.0));

        String report = """
                {"eventId":"%s-r1","occurredAt":"2026-06-30T17:00:00+08:00","kpis":{"buildings-leased":36},\
                "reportedBy":"商务局 王科长"}
                """.formatted(id);
        assertThat(send(COMMERCE, "POST", publisherApi + "/events", report).statusCode()).isEqualTo(202);
        assertThat(send(COMMERCE, "POST", publisherApi + "/events", report).statusCode()).as("a client's retry")
            .isEqualTo(202);
        assertThat(send(COMMERCE, "POST", publisherApi + "/events", """
                {"eventId":"%s-r0","occurredAt":"2026-03-31T17:00:00+08:00","kpis":{"buildings-leased":12},\
                "reportedBy":"商务局 王科长"}
                """.formatted(id)).statusCode()).as("a late, older report").isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_events_total", id)).isEqualTo(2.0);
            assertThat(sample(text, "initiative_progress_ratio", id)).isEqualTo(36.0 / 90.0);
            assertThat(sample(text, "initiative_last_report_timestamp_seconds", id))
                .isEqualTo((double) Instant.parse("2026-06-30T09:00:00Z").getEpochSecond());
        });
        String status = send(COMMERCE, "GET",
                url(aggregator, "local.server.port", "/api/v1/initiatives/" + id + "/status"), null)
            .body();
        assertThat(status).contains("\"eventsCounted\":2", "\"duplicatesIgnored\":1", "\"value\":36.0");
    }

    @Test
    void reBaselineAndCorrectionChangeTheMetrics() throws Exception {
        String id = "relief-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String publisherApi = url(publisher, "local.server.port", "/api/v1/initiatives/" + id);
        // 100 days, 50 of them gone: the plan expects about half.
        String definition = """
                {"name":"开展14项主题救助活动","program":"livelihood","department":"civil-affairs","startDate":"%s",
                 "dueDate":"%s","reportingCadenceDays":14,"stallAfterDays":30}
                """;
        assertThat(send(ADMIN, "PUT", publisherApi, definition.formatted(today.minusDays(50), today.plusDays(49)))
            .statusCode()).isEqualTo(201);
        String now = OffsetDateTime.now().toString();
        assertThat(send(CIVIL_AFFAIRS, "POST", publisherApi + "/events", """
                {"eventId":"%s-a","occurredAt":"%s","percentComplete":47,"reportedBy":"民政局"}
                """.formatted(id, now)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_progress_ratio", id)).isEqualTo(0.47);
            assertThat(healthSeries(text, id, "on_track")).isEqualTo(1.0);
        });

        // A correction: the 47 % was a typo for 25 %. Half expected, a quarter done: off
        // track.
        assertThat(send(CIVIL_AFFAIRS, "POST", publisherApi + "/events", """
                {"eventId":"%s-b","occurredAt":"%s","percentComplete":25,"supersedes":"%s-a","reportedBy":"民政局"}
                """.formatted(id, now, id)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_progress_ratio", id)).isEqualTo(0.25);
            assertThat(healthSeries(text, id, "off_track")).isEqualTo(1.0);
            // Only the current health is exported.
            assertThat(healthSeries(text, id, "on_track")).isNull();
        });

        // A re-baseline: the due date moves out a year; a quarter done is now on track.
        assertThat(send(ADMIN, "PUT", publisherApi, definition.formatted(today.minusDays(50), today.plusDays(149)))
            .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = metrics();
            assertThat(healthSeries(text, id, "on_track")).isEqualTo(1.0);
            assertThat(sample(text, "initiative_expected_progress_ratio", id)).isBetween(0.24, 0.26);
            assertThat(sample(text, "initiative_due_timestamp_seconds", id))
                .isEqualTo((double) today.plusDays(150).atStartOfDay(ZoneId.of("Asia/Shanghai")).toEpochSecond());
            assertThat(sample(text, "initiative_events_total", id)).isEqualTo(2.0);
        });

        // A rebalance (another test's new program topic) makes the history answer 503 for
        // a moment.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> history = send(SUPERVISOR, "GET",
                    url(aggregator, "local.server.port", "/api/v1/initiatives/" + id + "/history"), null);
            assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
            assertThat(history.body()).contains("\"total\":2", "\"supersededBy\":\"" + id + "-b\"");
        });
    }

    static Double healthSeries(String text, String initiative, String health) {
        Matcher m = Pattern.compile("^initiative_health\\{([^}]*)}\\s+(\\S+)$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            if (m.group(1).contains("initiative=\"" + initiative + "\"")
                    && m.group(1).contains("health=\"" + health + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return null;
    }

    /**
     * The names the metrics table (docs/supervisors.md), the boards and the alerts rely
     * on; a rename must fail here.
     */
    @Test
    void everyDocumentedMetricIsExported() throws Exception {
        String id = "names-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String publisherApi = url(publisher, "local.server.port", "/api/v1/initiatives/" + id);
        send(ADMIN, "PUT", publisherApi, """
                {"name":"打好洋楼招商攻坚战","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi","kpis":[{"id":"villas","name":"洋楼","unit":"栋","target":90}],
                 "milestones":[{"id":"m1","name":"方案"}]}
                """);
        send(COMMERCE, "POST", publisherApi + "/events", """
                {"occurredAt":"2026-02-01T00:00:00Z","kpis":{"villas":10},"declaredHealth":"on_track","reportedBy":"x"}
                """);
        send(COMMERCE, "POST", publisherApi + "/events", """
                {"occurredAt":"2026-03-01T00:00:00Z","kpis":{"villas":20},"milestones":["m1"],"reportedBy":"x"}
                """);
        List<String> names = List.of("initiative_info", "initiative_progress_ratio",
                "initiative_expected_progress_ratio", "initiative_health", "initiative_declared_health",
                "initiative_health_divergence", "initiative_stalled", "initiative_silent",
                "initiative_last_report_timestamp_seconds", "initiative_last_progress_timestamp_seconds",
                "initiative_due_timestamp_seconds", "initiative_forecast_completion_timestamp_seconds",
                "initiative_forecast_late", "initiative_kpi_value", "initiative_kpi_target",
                "initiative_milestones_reached", "initiative_milestones_total", "initiative_events_total");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = metrics();
            for (String name : names) {
                assertThat(sample(text, name, id)).as(name).isNotNull();
            }
            assertThat(text).contains("progress_events_total{", "aggregator_streams_running{",
                    "kafka_consumer_fetch_manager_records_lag_max{");
        });
        String publisherMetrics = send(null, "GET", url(publisher, "local.management.port", "/actuator/prometheus"),
                null)
            .body();
        assertThat(publisherMetrics).contains("progress_reports_total{");
    }

}
