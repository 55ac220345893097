package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The boards and alerts, live: a real broker, the publisher and the aggregator, a real
 * Prometheus with the project's rules and a real Alertmanager with the project's routes
 * (Debian's packages), and a webhook receiver standing in for each department. Fed so
 * that one initiative stalls, one goes silent and one falls behind, it checks through
 * Prometheus' HTTP API that every query of every Grafana panel returns data, that each
 * alert fires for exactly the right initiative with its name, and that Alertmanager
 * delivers it to that department's receiver.
 *
 * <p>
 * Only configuration differs from production: the targets (file_sd), the Alertmanager
 * address and the receivers' URLs. The rules and the dashboards are the committed files.
 */
class LiveMonitoringIntegrationTests {

    static final Path REPO = Tool.REPO;
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String STALLED = "live-stalled-" + RUN;
    static final String SILENT = "live-silent-" + RUN;
    static final String BEHIND = "live-behind-" + RUN;
    static final String DUE_SOON = "live-due-soon-" + RUN;

    /** The plan every initiative of the test belongs to: the plan board filters by it. */
    static final String PLAN = "live-plan-" + RUN;

    static Path work;
    static ConfigurableApplicationContext publisher;
    static ConfigurableApplicationContext aggregator;
    static Process prometheus;
    static Process alertmanager;
    static HttpServer receiver;
    static String prometheusUrl;
    static final Map<String, List<String>> delivered = new ConcurrentHashMap<>();

    /** The first admin token, fresh per run. */
    static final String ADMIN = "live-admin-" + UUID.randomUUID();
    static final Map<String, String> departmentOf = new ConcurrentHashMap<>();
    static final Map<String, String> tokens = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Tool.require("prometheus");
        Tool.require("prometheus-alertmanager");
        work = Files.createTempDirectory("planwatch-live-");
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        String admin = "--planwatch.security.admin-token=" + ADMIN;
        publisher = PublisherApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0");
        aggregator = AggregatorApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0",
                "--spring.kafka.streams.application-id=live-" + RUN,
                "--spring.kafka.streams.state-dir=" + work.resolve("aggregator"),
                // Re-judge every few seconds, so the test need not wait for the
                // one-minute default.
                "--planwatch.aggregator.evaluation-interval=5s");

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            delivered.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>()).add(body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();

        int alertmanagerPort = freePort();
        Path am = Files.createDirectories(work.resolve("alertmanager"));
        String routes = Files.readString(REPO.resolve("docker/alertmanager/alertmanager.yml"))
            .replace("http://127.0.0.1:19095/", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/")
            // Sooner, and a group's later alerts (the slip fires after the stall) follow
            // in seconds rather than after the five-minute group interval.
            .replace("group_wait: 30s", "group_wait: 5s")
            .replace("group_interval: 5m", "group_interval: 5s");
        assertThat(routes).contains("group_wait: 5s", "group_interval: 5s");
        Files.writeString(am.resolve("alertmanager.yml"), routes);
        alertmanager = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + am.resolve("alertmanager.yml"),
                "--storage.path=" + am.resolve("data"), "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(am.resolve("log").toFile())
            .start();

        int prometheusPort = freePort();
        Path prom = work.resolve("prometheus");
        FileSystemUtils.copyRecursively(REPO.resolve("docker/prometheus"), prom);
        FileSystemUtils.deleteRecursively(prom.resolve("targets"));
        Path targets = Files.createDirectories(prom.resolve("targets"));
        Files.writeString(targets.resolve("publisher.json"), "[{\"targets\":[\"127.0.0.1:"
                + publisher.getEnvironment().getProperty("local.management.port") + "\"]}]");
        Files.writeString(targets.resolve("aggregator.json"), "[{\"targets\":[\"127.0.0.1:"
                + aggregator.getEnvironment().getProperty("local.management.port") + "\"]}]");
        Files.writeString(targets.resolve("alertmanager.json"),
                "[{\"targets\":[\"127.0.0.1:" + alertmanagerPort + "\"]}]");
        // Scrape and evaluate every 5 s instead of 15 s: the same rules, sooner.
        Files.writeString(prom.resolve("prometheus.yml"),
                Files.readString(prom.resolve("prometheus.yml"))
                    .replace("scrape_interval: 15s", "scrape_interval: 5s")
                    .replace("evaluation_interval: 15s", "evaluation_interval: 5s"));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + prom.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + prom.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(prom.resolve("log").toFile())
            .start();
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;

        feed();
    }

    /**
     * One initiative that stalls, one that goes silent, one that falls behind, one due
     * soon with KPIs.
     */
    static void feed() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        String api = "http://127.0.0.1:" + publisher.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> plan = send(ADMIN, "PUT", api + "/api/v1/plans/" + PLAN, """
                {"name":"监测测试计划","owner":"livetest","ownerName":"测试区","ownerKind":"district",
                 "periodStart":"%s","periodEnd":"%s","state":"active"}""".formatted(today.minusDays(100),
                today.plusDays(100)));
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
        define(api, STALLED, "commerce", "推进五大道夜间经济示范区建设", today.minusDays(100), today.plusDays(99), 14, 30, "");
        define(api, SILENT, "civil-affairs", "健全残疾人权益保障制度", today.minusDays(100), today.plusDays(99), 14, 60, "");
        define(api, BEHIND, "ecology-env", "推进城市黑臭水体治理", today.minusDays(100), today.plusDays(99), 14, 30, "");
        define(api, DUE_SOON, "commerce", "打好洋楼招商攻坚战", today.minusDays(60), today.plusDays(19), 14, 30,
                ",\"measure\":\"kpi\",\"kpis\":[{\"id\":\"villas\",\"name\":\"洋楼\",\"unit\":\"栋\",\"target\":100}],"
                        + "\"milestones\":[{\"id\":\"policy\",\"name\":\"一楼一策\"}]");
        // Stalled: 50 % forty days ago and still 50 % yesterday (on track, but not
        // moving).
        report(api, STALLED, 40, "\"percentComplete\":50");
        report(api, STALLED, 1, "\"percentComplete\":50");
        // Silent: one report thirty days ago, more than 1.5 cadences of 14 days.
        report(api, SILENT, 30, "\"percentComplete\":48");
        // Behind: 40 % where the plan expects half: 20 % short, at risk.
        report(api, BEHIND, 20, "\"percentComplete\":30");
        report(api, BEHIND, 1, "\"percentComplete\":40");
        report(api, DUE_SOON, 30, "\"kpis\":{\"villas\":40}");
        report(api, DUE_SOON, 1, "\"kpis\":{\"villas\":75},\"milestones\":[\"policy\"]");
        // A slip for the stalled one whose sign-by passes in seconds: unsigned, so late.
        String supervisor = supervisor(api);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // 404 until the publisher's own catalog view has the new initiative.
            HttpResponse<String> issued = send(supervisor, "POST", api + "/api/v1/initiatives/" + STALLED + "/slips",
                    "{\"eventId\":\"live-slip-" + RUN + "\",\"colour\":\"yellow\",\"condition\":\"stalled\","
                            + "\"reason\":\"停滞\",\"signBy\":\"" + Instant.now().plusSeconds(5) + "\"}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
        });
        // One poison record, so the dead-letter panel has something to show.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", LocalKafka.shared().bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer
                .send(new ProducerRecord<>("progress.livetest", BEHIND.getBytes(StandardCharsets.UTF_8),
                        "not a record".getBytes(StandardCharsets.UTF_8)))
                .get(30, TimeUnit.SECONDS);
        }
    }

    static void define(String api, String id, String department, String name, LocalDate start, LocalDate due,
            int cadence, int stall, String extra) throws Exception {
        HttpResponse<String> response = send(ADMIN, "PUT", api + "/api/v1/initiatives/" + id, """
                {"name":"%s","program":"livetest","department":"%s","startDate":"%s","dueDate":"%s",
                 "reportingCadenceDays":%d,"stallAfterDays":%d,"plan":"%s"%s}
                """.formatted(name, department, start, due, cadence, stall, PLAN, extra));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        departmentOf.put(id, department);
    }

    static String supervisor(String api) throws Exception {
        HttpResponse<String> response = send(ADMIN, "POST", api + "/api/v1/tokens",
                "{\"role\":\"supervisor\",\"label\":\"live test\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asString();
    }

    /** A department's token, issued once through the publisher's admin API. */
    static String tokenFor(String api, String department) {
        return tokens.computeIfAbsent(department, d -> {
            try {
                HttpResponse<String> response = send(ADMIN, "POST", api + "/api/v1/tokens",
                        "{\"role\":\"department\",\"department\":\"" + d + "\",\"label\":\"live test\"}");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                return JSON.readTree(response.body()).get("token").asString();
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void report(String api, String id, int daysAgo, String content) throws Exception {
        String at = OffsetDateTime.now(ZONE).minusDays(daysAgo).toString();
        HttpResponse<String> response = send(tokenFor(api, departmentOf.get(id)), "POST",
                api + "/api/v1/initiatives/" + id + "/events",
                "{\"occurredAt\":\"" + at + "\",\"reportedBy\":\"live test\"," + content + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.destroy();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (publisher != null) {
            publisher.close();
        }
        if (aggregator != null) {
            aggregator.close();
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work.toFile());
        }
    }

    @Test
    void everyQueryOfEveryDashboardPanelReturnsData() throws Exception {
        List<String> queries = new ArrayList<>();
        try (var files = Files.list(REPO.resolve("docker/grafana/dashboards"))) {
            for (Path board : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = JSON.readTree(Files.readString(board));
                for (JsonNode panel : json.get("panels")) {
                    for (JsonNode target : panel.get("targets")) {
                        queries.add(board.getFileName() + " / " + panel.get("title").asString() + " :: "
                                + target.get("expr")
                                    .asString()
                                    .replace("$initiative", DUE_SOON)
                                    .replace("$plan", PLAN));
                    }
                }
            }
        }
        assertThat(queries).hasSizeGreaterThan(20);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> empty = new ArrayList<>();
            for (String q : queries) {
                String expr = q.substring(q.indexOf(" :: ") + 4);
                // A department board shows data for some department: the stalled list for
                // one, the silent for another.
                boolean hasData = false;
                for (String department : List.of("commerce", "civil-affairs", "ecology-env")) {
                    hasData |= !query(expr.replace("$department", department)).get("data").get("result").isEmpty();
                }
                if (!hasData) {
                    empty.add(q);
                }
            }
            assertThat(empty).as("panel queries without data").isEmpty();
        });
    }

    @Test
    void eachAlertFiresForExactlyTheRightInitiativeAndReachesItsDepartment() throws Exception {
        Set<String> ours = Set.of(STALLED, SILENT, BEHIND, DUE_SOON);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(firing("InitiativeStalled", ours)).containsExactly(STALLED);
            assertThat(firing("InitiativeSilent", ours)).containsExactly(SILENT);
            assertThat(firing("InitiativeBehindSchedule", ours)).containsExactly(BEHIND);
            assertThat(
                    query("ALERTS{alertstate=\"firing\",alertname=\"SupervisionSlipUnsigned\",department=\"commerce\","
                            + "colour=\"yellow\"}")
                        .get("data")
                        .get("result"))
                .as("the late slip")
                .hasSize(1);
        });
        JsonNode alerts = alertsNamed("InitiativeStalled", STALLED);
        assertThat(alerts.get("annotations").get("summary").asString()).isEqualTo("推进五大道夜间经济示范区建设 已停滞");
        assertThat(alerts.get("labels").get("department").asString()).isEqualTo("commerce");

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(deliveredTo("/departments/commerce")).contains("\"alertname\":\"InitiativeStalled\"", STALLED);
            assertThat(deliveredTo("/departments/civil-affairs")).contains("\"alertname\":\"InitiativeSilent\"",
                    SILENT);
            assertThat(deliveredTo("/departments/ecology-env")).contains("\"alertname\":\"InitiativeBehindSchedule\"",
                    BEHIND);
            assertThat(deliveredTo("/departments/commerce")).contains("\"alertname\":\"SupervisionSlipUnsigned\"");
        });
        assertThat(deliveredTo("/departments/civil-affairs")).doesNotContain(STALLED, BEHIND);
    }

    static String deliveredTo(String path) {
        return String.join("\n", delivered.getOrDefault(path, List.of()));
    }

    static Set<String> firing(String alertname, Set<String> ours) throws Exception {
        Set<String> initiatives = new TreeSet<>();
        for (JsonNode alert : query("ALERTS{alertstate=\"firing\",alertname=\"" + alertname + "\"}").get("data")
            .get("result")) {
            String initiative = alert.get("metric").get("initiative").asString();
            if (ours.contains(initiative)) {
                initiatives.add(initiative);
            }
        }
        return initiatives;
    }

    static JsonNode alertsNamed(String alertname, String initiative) throws Exception {
        JsonNode all = JSON.readTree(send(null, "GET", prometheusUrl + "/api/v1/alerts", null).body());
        for (JsonNode alert : all.get("data").get("alerts")) {
            if (alertname.equals(alert.get("labels").get("alertname").asString())
                    && initiative.equals(alert.get("labels").get("initiative").asString())) {
                return alert;
            }
        }
        throw new AssertionError(alertname + " for " + initiative + " not in " + all);
    }

    static JsonNode query(String expr) throws Exception {
        HttpResponse<String> response = send(null, "GET",
                prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8), null);
        assertThat(response.statusCode()).as(expr + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * @param token bearer token for the services' APIs; null for Prometheus, Alertmanager
     * and actuators
     */
    static HttpResponse<String> send(String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request = body == null ? request.GET() : request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
