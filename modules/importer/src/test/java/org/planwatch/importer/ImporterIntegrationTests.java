package org.planwatch.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The importer's entry point, in this JVM, against the real publisher and aggregator on a
 * real broker: what a department's clerk does with a spreadsheet, and what the aggregator
 * then counts.
 */
class ImporterIntegrationTests {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A fresh first-admin token per run: no secret lives in the repository. */
    static final String ADMIN = "importer-admin-" + UUID.randomUUID();
    static ConfigurableApplicationContext publisher;
    static ConfigurableApplicationContext aggregator;
    static String commerce;
    static String housing;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        String admin = "--planwatch.security.admin-token=" + ADMIN;
        publisher = PublisherApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0");
        commerce = issueDepartmentToken("commerce");
        housing = issueDepartmentToken("housing");
        aggregator = AggregatorApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0",
                "--spring.kafka.streams.application-id=importer-it-" + UUID.randomUUID(),
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("planwatch-importer-it-"));
    }

    @AfterAll
    static void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    void aGoodXlsxIsSentWholeWithTheTokenFromTheEnvironmentAndCountedOnce() throws Exception {
        String id = initiative("commerce");
        Path file = Cli.write(dir, "六月进度.xlsx", xlsx(id));

        Cli.Result result = Cli.run(Cli.environment(Map.of("PLANWATCH_TOKEN", commerce), new ArrayList<>()), "progress",
                file.toString(), "--url", publisherUrl());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
            .contains("(done: sent 3, duplicates (already sent) 0, rejected 0, invalid (skipped) 0, unsent 0)");
        assertThat(result.err()).contains("发送 sending: 3/3 (100%)");
        awaitCounted(id, 3, 0);
    }

    @Test
    void aGb18030CsvFromChineseExcelArrivesWithItsChineseIntact() throws Exception {
        String id = initiative("commerce");
        String csv = """
                事项编号,日期,指标:villas,里程碑,自评状态,备注,填报人
                %s,2026/3/31,12,m1,正常,已签约十二栋小洋楼,商务局 王科长
                %s,2026/6/30,36,"m1、m2",有风险,已签约三十六栋；两栋产权待核,商务局 王科长
                """.formatted(id, id);
        Path file = Cli.write(dir, "进度.csv", csv.getBytes(Charset.forName("GB18030")));

        Cli.Result result = Cli.run(Cli.environment(), "progress", file.toString(), "--url", publisherUrl(), "--token",
                commerce);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        awaitCounted(id, 2, 0);
        String history = get(commerce, aggregatorUrl("/api/v1/initiatives/" + id + "/history")).body();
        assertThat(history).contains("已签约三十六栋；两栋产权待核", "商务局 王科长", "\"declaredHealth\":\"at_risk\"");
    }

    @Test
    void aDryRunOfAFileWithOneBadRowNamesRowAndColumnAndNothingIsSentWithoutSkipInvalid() throws Exception {
        String id = initiative("commerce");
        Path file = Cli.write(dir, "进度.csv", oneBadRow(id));
        double accepted = publisherAccepted();

        Cli.Result dryRun = Cli.run(Cli.environment(), "progress", file.toString(), "--url", publisherUrl(), "--token",
                commerce, "--dry-run");
        Cli.Result realRun = Cli.run(Cli.environment(), "progress", file.toString(), "--url", publisherUrl(), "--token",
                commerce);

        assertThat(dryRun.exitCode()).isEqualTo(ExitCode.INVALID_ROWS);
        assertThat(dryRun.out()).contains("第 3 行 (row 3) [完成百分比]: 完成百分比必须在 0 到 100 之间 (percentComplete must be 0–100)",
                "1 行有误，未发送任何数据");
        assertThat(realRun.exitCode()).isEqualTo(ExitCode.INVALID_ROWS);
        assertThat(realRun.out()).contains("第 3 行 (row 3) [完成百分比]", "nothing sent");
        // The importer returns only after the publisher answered, so anything sent would
        // already be counted here.
        assertThat(publisherAccepted()).isEqualTo(accepted);
    }

    @Test
    void skipInvalidSendsTheGoodRowsAndReportsTheBadOne() throws Exception {
        String id = initiative("commerce");
        Path file = Cli.write(dir, "进度.csv", oneBadRow(id));
        double accepted = publisherAccepted();

        Cli.Result result = Cli.run(Cli.environment(), "progress", file.toString(), "--url", publisherUrl(), "--token",
                commerce, "--skip-invalid");

        assertThat(result.exitCode()).as("a bad row still says so").isEqualTo(ExitCode.INVALID_ROWS);
        assertThat(result.out()).contains("第 3 行 (row 3) [完成百分比]",
                "(done: sent 2, duplicates (already sent) 0, rejected 0, " + "invalid (skipped) 1, unsent 0)");
        assertThat(publisherAccepted()).isEqualTo(accepted + 2);
        awaitCounted(id, 2, 0);
    }

    @Test
    void reRunningTheSameFileReportsDuplicatesAndTheAggregatorCountsEachRowOnce() throws Exception {
        String id = initiative("commerce");
        Path file = Cli.write(dir, "六月进度.xlsx", xlsx(id));
        Environment clerk = Cli.environment();

        Cli.Result first = Cli.run(clerk, "progress", file.toString(), "--url", publisherUrl(), "--token", commerce);
        awaitCounted(id, 3, 0);
        Cli.Result again = Cli.run(clerk, "progress", file.toString(), "--url", publisherUrl(), "--token", commerce);
        // Another machine, no journal: every row goes to the publisher again, under the
        // same eventIds.
        Path asCsv = Cli.write(dir, "同一内容.csv", csvOf(id).getBytes(StandardCharsets.UTF_8));
        Cli.Result elsewhere = Cli.run(Cli.environment(), "progress", asCsv.toString(), "--url", publisherUrl(),
                "--token", commerce);

        assertThat(first.out()).contains("sent 3, duplicates (already sent) 0");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("(done: sent 0, duplicates (already sent) 3, rejected 0");
        assertThat(elsewhere.exitCode()).isZero();
        assertThat(elsewhere.out()).contains("sent 3, duplicates (already sent) 0");
        awaitCounted(id, 3, 3);
        assertThat(aggregatorSample("initiative_events_total", id)).isEqualTo(3.0);
    }

    @Test
    void aRowForAnotherDepartmentsInitiativeIsReportedByRowAndTheServersRefusalToo() throws Exception {
        String own = initiative("commerce");
        String theirs = initiative("housing");
        String csv = """
                事项编号,日期,完成百分比,填报人
                %s,2026-05-31,20,商务局
                %s,2026-05-31,20,商务局
                %s,2026-06-30,30,商务局
                """.formatted(own, theirs, own);
        Path file = Cli.write(dir, "进度.csv", csv.getBytes(StandardCharsets.UTF_8));

        Cli.Result checked = Cli.run(Cli.environment(), "progress", file.toString(), "--url", publisherUrl(), "--token",
                commerce);
        Cli.Result unchecked = Cli.run(Cli.environment(), "progress", file.toString(), "--url", publisherUrl(),
                "--token", commerce, "--no-catalog-check");

        assertThat(checked.exitCode()).isEqualTo(ExitCode.INVALID_ROWS);
        assertThat(checked.out()).contains("第 3 行 (row 3) [事项编号]: 事项「" + theirs + "」不在目录中，或不是本部门负责或配合的事项");
        assertThat(unchecked.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(unchecked.out()).contains("第 3 行 (row 3) [事项编号]: 无权为此事项报送",
                "server 403: This token may not use initiative '" + theirs + "'",
                "sent 2, duplicates (already sent) 0, rejected 1");
        awaitCounted(own, 2, 0);
    }

    @Test
    void theCatalogIsImportedParentsFirstARerunChangesNothingAndOnlyAnAdminMayImportIt() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String child = "child-" + suffix;
        String parent = "parent-" + suffix;
        String csv = """
                事项编号,事项名称,所属板块,牵头单位,配合单位,开始日期,完成时限,衡量方式,上级事项,指标编号,指标名称,指标单位,指标目标值
                %s,打好洋楼招商攻坚战,economy,commerce,housing,2026-01-15,2026-12-31,指标,%s,villas,洋楼,栋,90
                %s,,,,,,,,,rent,租金,万元,500
                %s,经济高质量发展,economy,commerce,,2026-01-01,2026-12-31,,,,,,
                """.formatted(child, parent, child, parent);
        Path file = Cli.write(dir, "目录.csv", csv.getBytes(StandardCharsets.UTF_8));

        Cli.Result first = Cli.run(Cli.environment(), "catalog", file.toString(), "--url", publisherUrl(), "--token",
                ADMIN);
        Cli.Result again = Cli.run(Cli.environment(), "catalog", file.toString(), "--url", publisherUrl(), "--token",
                ADMIN);
        Path renamed = Cli.write(dir, "目录-修订.csv",
                csv.replace("经济高质量发展", "经济高质量发展（修订）").getBytes(StandardCharsets.UTF_8));
        Cli.Result notAdmin = Cli.run(Cli.environment(), "catalog", renamed.toString(), "--url", publisherUrl(),
                "--token", commerce);

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("(done: created 2, replaced (re-baselined) 0, unchanged 0, rejected 0");
        String stored = get(ADMIN, publisherUrl() + "/api/v1/initiatives/" + child).body();
        assertThat(stored).contains("\"parentId\":\"" + parent + "\"", "\"id\":\"rent\"",
                "\"supportingDepartments\":[\"housing\"]");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("(done: created 0, replaced (re-baselined) 0, unchanged 2, rejected 0");
        assertThat(notAdmin.exitCode()).isEqualTo(ExitCode.UNFINISHED);
        assertThat(notAdmin.err()).contains("403", "an admin token is needed");
    }

    // --- the spreadsheets ---

    static byte[] xlsx(String id) {
        return TestWorkbooks.xlsx(List.of(List.of("事项编号", "日期", "完成百分比", "指标:villas", "里程碑", "自评状态", "备注", "填报人"),
                Arrays.asList(id, LocalDate.of(2026, 3, 31), null, 12, "m1", "正常", null, "商务局 王科长"),
                Arrays.asList(id, LocalDate.of(2026, 4, 30), null, 20, null, null, "四月", "商务局 王科长"),
                Arrays.asList(id, LocalDate.of(2026, 6, 30), null, 36, "m1、m2", "有风险", "已签约三十六栋", "商务局 王科长")));
    }

    /** What {@link #xlsx} says, as Excel would save it to CSV. */
    static String csvOf(String id) {
        return """
                事项编号,日期,完成百分比,指标:villas,里程碑,自评状态,备注,填报人
                %s,2026/3/31,,12,m1,正常,,商务局 王科长
                %s,2026/4/30,,20,,,四月,商务局 王科长
                %s,2026/6/30,,36,"m1、m2",有风险,已签约三十六栋,商务局 王科长
                """.formatted(id, id, id);
    }

    static byte[] oneBadRow(String id) {
        return """
                事项编号,日期,完成百分比,指标:villas,填报人
                %s,2026-03-31,,10,王
                %s,2026-04-30,120,,王
                %s,2026-05-31,,30,王
                """.formatted(id, id, id).getBytes(StandardCharsets.UTF_8);
    }

    // --- the services ---

    /**
     * A new catalog entry of {@code department} (KPI villas, milestones m1 and m2), once
     * the aggregator knows it.
     */
    static String initiative(String department) throws Exception {
        String id = "imp-it-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> put = send(ADMIN, "PUT", publisherUrl() + "/api/v1/initiatives/" + id, """
                {"name":"导入测试事项","program":"economy","department":"%s","startDate":"2026-01-01","dueDate":"2026-12-31",
                 "measure":"kpi","kpis":[{"id":"villas","name":"洋楼","unit":"栋","target":90}],
                 "milestones":[{"id":"m1","name":"方案"},{"id":"m2","name":"签约"}]}
                """.formatted(department));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(
                    () -> assertThat(get(ADMIN, aggregatorUrl("/api/v1/initiatives/" + id + "/status")).statusCode())
                        .isEqualTo(200));
        return id;
    }

    static void awaitCounted(String id, int counted, int duplicates) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String status = get(ADMIN, aggregatorUrl("/api/v1/initiatives/" + id + "/status")).body();
            assertThat(status).contains("\"eventsCounted\":" + counted + ",", "\"duplicatesIgnored\":" + duplicates);
        });
    }

    static String issueDepartmentToken(String department) throws Exception {
        HttpResponse<String> response = send(ADMIN, "POST", publisherUrl() + "/api/v1/tokens",
                "{\"role\":\"department\",\"department\":\"%s\",\"label\":\"importer test\"}".formatted(department));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static double publisherAccepted() throws Exception {
        String text = get(null, "http://127.0.0.1:" + publisher.getEnvironment().getProperty("local.management.port")
                + "/actuator/prometheus")
            .body();
        Matcher m = Pattern
            .compile("^progress_reports_total\\{[^}]*outcome=\"accepted\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE)
            .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    static Double aggregatorSample(String name, String initiative) throws Exception {
        String text = get(null, "http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.management.port")
                + "/actuator/prometheus")
            .body();
        Matcher m = Pattern
            .compile("^" + name + "\\{[^}]*initiative=\"" + Pattern.quote(initiative) + "\"[^}]*}\\s+(\\S+)$",
                    Pattern.MULTILINE)
            .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    static String publisherUrl() {
        return "http://127.0.0.1:" + publisher.getEnvironment().getProperty("local.server.port");
    }

    static String aggregatorUrl(String path) {
        return "http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.server.port") + path;
    }

    static HttpResponse<String> get(String token, String url) throws Exception {
        return send(token, "GET", url, null);
    }

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

}
