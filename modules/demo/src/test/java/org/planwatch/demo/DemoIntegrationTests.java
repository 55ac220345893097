package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo command's entry point starts everything and serves metrics for the whole demo
 * catalog.
 */
class DemoIntegrationTests {

    @Test
    void demoServesMetricsForEveryCatalogInitiativeAndSimulatedProgress(@TempDir Path dataDir) throws Exception {
        // Prometheus and Alertmanager are left to the alerting module's live test (fixed
        // receiver port here).
        DemoOptions options = new DemoOptions(dataDir, false, true, false, 0, 0, 0, 0, 0, 0, Duration.ofMillis(50),
                false, 0, 0);
        try (Demo demo = Demo.start(options)) {
            String metricsUrl = demo.aggregatorManagementUrl() + "/actuator/prometheus";
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                String text = get(metricsUrl);
                for (var initiative : demo.initiatives()) {
                    assertThat(text).contains("initiative=\"" + initiative.id() + "\"");
                }
                assertThat(countedEvents(text)).as("the simulator's reports are counted").isGreaterThan(10);
            });
            String text = get(metricsUrl);
            assertThat(text).contains("name=\"打好洋楼招商攻坚战\"");
            assertThat(Pattern.compile("^initiative_info\\{", Pattern.MULTILINE).matcher(text).results().count())
                .as("every plan's, none archived")
                .isEqualTo(demo.initiatives().size());
            assertThat(demo.simulatedReportsAccepted()).isPositive();
            assertThat(get(demo.publisherUrl() + "/api/v1/initiatives", demo.tokens().get("supervisor")))
                .contains("\"id\":\"villa-investment-campaign\"");
            assertThat(status(demo.publisherUrl() + "/api/v1/initiatives", null)).as("no token").isEqualTo(401);
            // One district's plan, which every entry of the catalog file belongs to; a
            // sample district's beside it, and last year's, closed and carried over.
            String supervisor = demo.tokens().get("supervisor");
            String plan = demo.catalog().plan().id();
            int year = demo.catalog().planYear();
            assertThat(get(demo.publisherUrl() + "/api/v1/plans/" + plan, supervisor)).contains("\"ownerName\":\"和平区\"",
                    "\"state\":\"active\"");
            assertThat(get(demo.publisherUrl() + "/api/v1/initiatives/villa-investment-campaign", supervisor))
                .contains("\"plan\":\"" + plan + "\"");
            assertThat(get(demo.publisherUrl() + "/api/v1/plans/hexi-" + year, supervisor))
                .contains("\"ownerName\":\"河西区\"", "\"sample\":true", "\"state\":\"active\"");
            assertThat(get(demo.publisherUrl() + "/api/v1/plans/heping-" + (year - 1), supervisor))
                .contains("\"state\":\"closed\"");
            String carried = get(demo.publisherUrl() + "/api/v1/initiatives/villa-leasing-" + year, supervisor);
            assertThat(carried).contains("\"plan\":\"" + plan + "\"", "\"carriedFrom\":\"villa-leasing\"",
                    "\"baseline\":0.62");
            assertThat(status(demo.publisherUrl() + "/api/v1/initiatives/old-housing-renovation-" + year, supervisor))
                .as("completed last year: not carried over")
                .isEqualTo(404);
            assertThat(get(demo.aggregatorUrl() + "/api/v1/initiatives/villa-leasing/status", supervisor))
                .as("last year's initiative keeps its final verdict")
                .contains("\"closedAt\"", "\"progress\":0.62");

            // One token per catalog department, a supervisor and an admin; each
            // department reads its own.
            var departments = new TreeSet<String>();
            demo.initiatives().forEach(i -> {
                departments.add("department:" + i.department());
                if (i.supportingDepartments() != null) {
                    i.supportingDepartments().forEach(d -> departments.add("department:" + d));
                }
            });
            assertThat(demo.tokens().keySet()).contains("admin", "supervisor")
                .containsAll(departments)
                .hasSize(departments.size() + 2);
            var villa = demo.catalog()
                .initiatives()
                .stream()
                .filter(i -> i.id().equals("villa-investment-campaign"))
                .findFirst()
                .orElseThrow();
            String owner = demo.tokens().get("department:" + villa.department());
            String stranger = demo.tokens()
                .entrySet()
                .stream()
                .filter(e -> e.getKey().startsWith("department:")
                        && !e.getKey().equals("department:" + villa.department())
                        && (villa.supportingDepartments() == null
                                || !villa.supportingDepartments().contains(e.getKey().substring(11))))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
            String villaStatus = demo.aggregatorUrl() + "/api/v1/initiatives/villa-investment-campaign/status";
            assertThat(status(villaStatus, owner)).isEqualTo(200);
            assertThat(status(villaStatus, stranger)).isEqualTo(403);

            // The supervisor's desk, signed in by cookie, lists the whole catalog by
            // Chinese names.
            String cookie = "pw_token=" + demo.tokens().get("supervisor");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var desk = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(demo.publisherUrl() + "/ui/desk/?size=100"))
                        .header("Cookie", cookie)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(desk.statusCode()).isEqualTo(200);
                assertThat(desk.body()).contains("<span id=\"total\">" + demo.initiatives().size() + "</span>", "区商务局",
                        "打好洋楼招商攻坚战", "id=\"city-hexi-" + year + "\"");
            });

            // On the desk, the carried initiative names the one it continues, and last
            // year's says its figures are the final verdict.
            assertThat(page(demo.publisherUrl() + "/ui/desk/initiatives/villa-leasing-" + year, cookie))
                .contains("延续自上一计划的事项", "villa-leasing", "起始进度 62%");
            assertThat(page(demo.publisherUrl() + "/ui/desk/initiatives/villa-leasing", cookie)).contains("以下为最终研判");

            // The backfilled year shows every condition a supervisor looks for. (In the
            // first weeks of a year the plan expects almost nothing yet, so there is no
            // mix to show.)
            Assumptions.assumeTrue(LocalDate.now(Demo.PLAN_ZONE).getDayOfYear() > 75,
                    "the demo's mix needs some of the plan year behind it");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String now = get(metricsUrl);
                for (String health : List.of("on_track", "at_risk", "off_track", "completed")) {
                    assertThat(sum(now, "initiative_health", "health=\"" + health + "\"")).as(health).isPositive();
                }
                for (String flag : List.of("initiative_stalled", "initiative_silent", "initiative_forecast_late")) {
                    assertThat(sum(now, flag, "")).as(flag).isPositive();
                }
                // The demo's rules issue slips on their own: blue for the silent ones.
                assertThat(sum(now, "supervision_slips", "colour=\"blue\"")).as("slips the rules issued").isPositive();
            });
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var slips = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(demo.publisherUrl() + "/ui/desk/slips"))
                        .header("Cookie", cookie)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(slips.statusCode()).isEqualTo(200);
                assertThat(slips.body()).contains("蓝色", "待签收", "自动督办");
            });
            // Once the desk's view counts the whole backfill, the demo publishes the
            // first bulletin of its plan, and the public page shows its figures (no
            // token), titled by the plan's name.
            await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(get(demo.publisherUrl() + "/public/"))
                    .contains("依据和平区" + LocalDate.now(Demo.PLAN_ZONE).getYear() + "年重点工作督查通报第1期"));
            // Both count only what the aggregator committed; its own view shows a commit
            // at the
            // task's next pass, so the desk may read the last one a moment before (ADR
            // 0017).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                double deskReports = sum(get(demo.publisherManagementUrl() + "/actuator/prometheus")
                    .replace("planwatch_desk_reports ", "planwatch_desk_reports{} "), "planwatch_desk_reports", "");
                assertThat(deskReports).as("the reports the desk's view counts, no more than the aggregator counted")
                    .isPositive()
                    .isLessThanOrEqualTo(countedEvents(get(metricsUrl)));
            });
        }
    }

    static double sum(String text, String metric, String labelFilter) {
        Matcher m = Pattern.compile("^" + metric + "\\{([^}]*)}\\s+(\\S+)$", Pattern.MULTILINE).matcher(text);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static double countedEvents(String text) {
        Matcher m = Pattern
            .compile("^progress_events_total\\{[^}]*outcome=\"counted\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE)
            .matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static String page(String url, String cookie) throws Exception {
        var response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    static String get(String url) throws Exception {
        return get(url, null);
    }

    static String get(String url, String token) throws Exception {
        return call(url, token).body();
    }

    static int status(String url, String token) throws Exception {
        return call(url, token).statusCode();
    }

    private static HttpResponse<String> call(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient()
            .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
