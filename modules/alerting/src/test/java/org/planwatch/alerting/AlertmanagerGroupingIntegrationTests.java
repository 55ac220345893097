package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.demo.AlertRoutes;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated routes in the real Alertmanager: alerts for several initiatives of two
 * departments, posted at once, reach each department as one notification listing its
 * initiatives, with the lesser condition of an initiative inhibited by the graver; an
 * escalated slip reaches the supervisors too.
 */
class AlertmanagerGroupingIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

    static HttpServer receiver;
    static Process alertmanager;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Tool.require("prometheus-alertmanager");
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>()).add(body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path dir = Files.createTempDirectory("planwatch-alertmanager-");
        String config = AlertRoutes.generate(
                List.of(new AlertRoutes.Department("commerce", "区商务局"),
                        new AlertRoutes.Department("ecology-env", "区生态环境局")),
                JSON.readTree("""
                        {"departmentWebhook": "%s/departments/{id}", "supervisors": {"webhook": "%s/supervisors"},
                         "operators": {"webhook": "%s/operators"}}""".formatted(hook, hook, hook)),
                new AlertRoutes.Timing("1s", "1m", "1h"));
        Files.writeString(dir.resolve("alertmanager.yml"), config);
        int port = freePort();
        url = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
        await().atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> HTTP
                .send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void eachDepartmentGetsOneNotificationListingItsInitiativesWithoutTheLesserConditions() throws Exception {
        List<String> alerts = List.of(initiative("InitiativeOffTrack", "villa", "commerce"),
                initiative("InitiativeBehindSchedule", "villa", "commerce"), // inhibited
                                                                             // by
                                                                             // OffTrack
                initiative("InitiativeForecastLate", "villa", "commerce"), // inhibited by
                                                                           // OffTrack
                initiative("InitiativeStalled", "lease", "commerce"),
                initiative("InitiativeBehindSchedule", "market", "commerce"), // nothing
                                                                              // graver
                                                                              // for it:
                                                                              // stays
                slip("SupervisionSlipUnsigned", "commerce", "red", false), // red, but
                                                                           // issued so:
                                                                           // no
                                                                           // escalation
                initiative("InitiativeOverdue", "water", "ecology-env"),
                initiative("InitiativeOffTrack", "water", "ecology-env"), // inhibited by
                                                                          // Overdue
                initiative("InitiativeForecastLate", "water", "ecology-env"), // inhibited
                                                                              // by
                                                                              // Overdue
                slip("SupervisionAnswerOverdue", "ecology-env", "yellow", true));
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", alerts) + "]"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(received.keySet()).contains("/departments/commerce",
                    "/departments/ecology-env", "/supervisors"));
        // Within the group interval (1 minute here) nothing more comes: one notification
        // each.
        await().during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(10))
            .until(() -> received.values().stream().allMatch(notifications -> notifications.size() == 1));

        assertThat(alertsIn("/departments/commerce")).containsExactly("InitiativeBehindSchedule market",
                "InitiativeOffTrack villa", "InitiativeStalled lease", "SupervisionSlipUnsigned -");
        assertThat(alertsIn("/departments/ecology-env")).containsExactly("InitiativeOverdue water",
                "SupervisionAnswerOverdue -");
        assertThat(alertsIn("/supervisors")).as("the escalated slip, too")
            .containsExactly("SupervisionAnswerOverdue -");
        assertThat(received).doesNotContainKey("/operators");
    }

    /** The alert names and initiatives of the path's one notification, sorted. */
    static Set<String> alertsIn(String path) {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode alert : received.get(path).get(0).get("alerts")) {
            JsonNode labels = alert.get("labels");
            alerts.add(labels.get("alertname").asString() + " " + labels.path("initiative").asString("-"));
        }
        return alerts;
    }

    static String initiative(String alertname, String initiative, String department) {
        return alert(Map.of("alertname", alertname, "category", "initiative", "initiative", initiative, "department",
                department, "severity", "warning"));
    }

    static String slip(String alertname, String department, String colour, boolean escalated) {
        return alert(Map.of("alertname", alertname, "category", "supervision", "department", department, "colour",
                colour, "escalated", String.valueOf(escalated), "severity", "warning"));
    }

    static String alert(Map<String, String> labels) {
        List<String> pairs = new ArrayList<>();
        labels.forEach((k, v) -> pairs.add("\"" + k + "\":\"" + v + "\""));
        return "{\"labels\":{" + String.join(",", pairs) + "},\"startsAt\":\"" + Instant.now() + "\"}";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
