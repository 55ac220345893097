package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.planwatch.demo.EndToEndIntegrationTests.send;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Bulletins on a real broker, from reports to published figures: a draft made from the
 * plan's statuses, read back as PDF (PDFBox's extractor) and xlsx (POI) with the status
 * API's figures in the right sections; approval and publication by supervisors only; a
 * published bulletin that never changes; and the public page that shows published figures
 * only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulletinIntegrationTests {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String RED = "bul-red-" + RUN;
    static final String GREEN = "bul-green-" + RUN;
    static final String SHOWN = "bul-public-" + RUN;
    static final String RED_NAME = "加快推进滞后地块" + RUN;
    static final String GREEN_NAME = "打造智慧公厕" + RUN;
    static final String SHOWN_NAME = "改善地下室居民居住环境" + RUN;
    static final String SHOWN_NOTE = "已完成120户改造";
    static final String PLAN_HEPING = "bul-heping-" + RUN;
    static final String PLAN_HEXI = "bul-hexi-" + RUN;
    static final String IN_HEPING = "bul-in-heping-" + RUN;
    static final String IN_HEXI = "bul-in-hexi-" + RUN;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static PageStack stack;
    static String supervisor;
    static String department;

    @BeforeAll
    static void start() throws Exception {
        stack = PageStack.start("bulletins", "--planwatch.bulletins.schedule=-",
                "--planwatch.web.departments.housing=区住房建设委", "--planwatch.web.programs.livelihood=保障和改善民生");
        supervisor = stack.token("{\"role\":\"supervisor\",\"label\":\"督查室\"}");
        department = stack.token("{\"role\":\"department\",\"department\":\"housing\",\"label\":\"bulletins\"}");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        for (String[] i : List.of(new String[] { RED, RED_NAME, "false" }, new String[] { GREEN, GREEN_NAME, "false" },
                new String[] { SHOWN, SHOWN_NAME, "true" })) {
            stack.put(i[0], """
                    {"name":"%s","program":"livelihood","department":"housing","startDate":"%s","dueDate":"%s",
                     "reportingCadenceDays":14,"public":%s}
                    """.formatted(i[1], today.minusDays(100), today.plusDays(100), i[2]));
        }
        for (String[] plan : List.of(new String[] { PLAN_HEPING, "heping", "和平区", IN_HEPING },
                new String[] { PLAN_HEXI, "hexi", "河西区", IN_HEXI })) {
            stack.plan(plan[0], """
                    {"name":"%s%s年重点工作","owner":"%s","ownerName":"%s","ownerKind":"district",
                     "periodStart":"%d-01-01","periodEnd":"%d-12-31","state":"active"}
                    """.formatted(plan[2], RUN, plan[1], plan[2], today.getYear(), today.getYear()));
            stack.put(plan[3], """
                    {"name":"%s","plan":"%s","program":"livelihood","department":"housing","startDate":"%s",
                     "dueDate":"%s","reportingCadenceDays":14,"public":true}
                    """.formatted(plan[2] + "事项" + RUN, plan[0], today.minusDays(100), today.plusDays(100)));
        }
        Instant now = Instant.now();
        report(IN_HEPING, 30, null, now);
        report(IN_HEXI, 70, null, now);
        report(RED, 5, null, now);
        report(GREEN, 55, "按计划推进", now);
        report(SHOWN, 60, SHOWN_NOTE, now);
        // The bulletin is made from the desk's view of initiative-status: wait until it
        // has all three reports.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String desk = page("/ui/desk/?q=" + RUN + "&size=50");
            assertThat(desk).contains("5% / ", "55% / ", "60% / ", "30% / ", "70% / ");
        });
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aDraftReadsBackAsPdfAndXlsxWithTheStatusApisFigures() throws Exception {
        int number = generate();
        Map<String, JsonNode> statuses = new HashMap<>();
        for (String id : List.of(RED, GREEN, SHOWN)) {
            statuses.put(id, stack.JSON
                .readTree(send(supervisor, "GET", stack.aggregatorUrl() + "/api/v1/initiatives/" + id + "/status", null)
                    .body()));
        }
        assertThat(statuses.get(RED).get("health").asString()).isEqualTo("off_track");

        HttpResponse<byte[]> pdf = bytes(supervisor, "/api/v1/bulletins/" + number + "/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        Files.createDirectories(Path.of("target", "bulletins"));
        Files.write(Path.of("target", "bulletins", "bulletin-" + number + ".pdf"), pdf.body());
        String text;
        try (var document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document);
        }
        int red = text.indexOf("二、红灯事项");
        int yellow = text.indexOf("三、黄灯事项");
        assertThat(text).contains("督查通报 第" + number + "期");
        assertThat(red).isPositive();
        assertThat(text.indexOf(RED_NAME)).as("the red initiative in the red section").isBetween(red, yellow);
        assertThat(text).contains(percent(statuses.get(RED).get("progress").asDouble()) + "%");

        HttpResponse<byte[]> xlsx = bytes(supervisor, "/api/v1/bulletins/" + number + "/xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet flagged = workbook.getSheet("红黄灯事项");
            assertThat(flagged).isNotNull();
            assertThat(rowOf(flagged, RED_NAME)).as("red on the red and yellow sheet").isNotNull();
            assertThat(rowOf(flagged, GREEN_NAME)).as("green is not").isNull();
            Sheet all = workbook.getSheet("全部事项");
            for (String[] i : List.of(new String[] { RED, RED_NAME }, new String[] { GREEN, GREEN_NAME },
                    new String[] { SHOWN, SHOWN_NAME })) {
                Row row = rowOf(all, i[1]);
                assertThat(row).as(i[1]).isNotNull();
                List<Double> numbers = numbers(row);
                JsonNode status = statuses.get(i[0]);
                assertThat(numbers).as("progress and expected of " + i[1])
                    .contains((double) percent(status.get("progress").asDouble()),
                            (double) percent(status.get("expected").asDouble()));
            }
        }
    }

    @Test
    void onlySupervisorsApproveAndPublishAndAPublishedBulletinNeverChanges() throws Exception {
        int number = generate();
        String api = stack.base + "/api/v1/bulletins/" + number;
        assertThat(send(department, "POST", stack.base + "/api/v1/bulletins", "{}").statusCode()).isEqualTo(403);
        assertThat(send(department, "POST", api + "/approve", "{}").statusCode()).isEqualTo(403);
        assertThat(send(department, "GET", api + "/pdf", null).statusCode()).isEqualTo(403);
        HttpResponse<String> early = send(supervisor, "POST", api + "/publish", "{}");
        assertThat(early.statusCode()).as("publish before approval").isEqualTo(409);
        assertThat(early.body()).contains("\"state\":\"draft\"");

        HttpResponse<String> approved = send(supervisor, "POST", api + "/approve",
                "{\"publicNotes\":[\"" + SHOWN + "\"]}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("\"state\":\"approved\"");
        assertThat(send(supervisor, "POST", api + "/approve", "{\"publicNotes\":[\"" + SHOWN + "\"]}").statusCode())
            .as("a retry of the approval")
            .isEqualTo(200);
        assertThat(send(supervisor, "POST", api + "/approve", "{}").statusCode())
            .as("approved already, with other notes cleared")
            .isEqualTo(409);
        HttpResponse<String> published = send(stack.admin, "POST", api + "/publish", "{}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(stack.JSON.readTree(published.body()).get("steps")).extracting(s -> s.get("kind").asString())
            .containsExactly("generated", "approved", "published");

        assertThat(send(supervisor, "POST", api + "/publish", "{}").statusCode()).as("a retry").isEqualTo(200);
        HttpResponse<String> replace = send(supervisor, "POST", api + "/withdraw", "{\"reason\":\"换一版\"}");
        assertThat(replace.statusCode()).isEqualTo(409);
        assertThat(replace.body()).contains("published and never changes");
        assertThat(send(supervisor, "POST", api + "/approve", "{}").statusCode()).isEqualTo(409);

        HttpResponse<String> correction = send(supervisor, "POST", stack.base + "/api/v1/bulletins",
                "{\"corrects\":" + number + "}");
        assertThat(correction.statusCode()).as(correction.body()).isEqualTo(201);
        JsonNode corrected = stack.JSON.readTree(correction.body());
        assertThat(corrected.get("number").asInt()).isGreaterThan(number);
        assertThat(corrected.get("corrects").asInt()).isEqualTo(number);
        assertThat(send(supervisor, "GET", api, null).body()).contains("\"state\":\"published\"");

        // The public page shows the published figures: the public initiative with its
        // approved note, nothing that is not public, and no internal id.
        HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(URI.create(stack.base + "/public/")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains(SHOWN_NAME, SHOWN_NOTE, "依据督查通报第" + number + "期")
            .doesNotContain(RED_NAME, GREEN_NAME, RED, GREEN, SHOWN, "housing", "livelihood", supervisor);
        assertThat(open.headers().firstValue("Cache-Control").orElse("")).contains("max-age=60", "public");
        assertThat(open.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        String etag = open.headers().firstValue("ETag").orElseThrow();
        assertThat(HTTP
            .send(HttpRequest.newBuilder(URI.create(stack.base + "/public/")).header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(304);
    }

    @Test
    void aDraftIsNeverOnThePublicPage() throws Exception {
        String before = HTTP
            .send(HttpRequest.newBuilder(URI.create(stack.base + "/public/")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .body();
        int number = generate();
        assertThat(send(supervisor, "POST", stack.base + "/api/v1/bulletins/" + number + "/approve",
                "{\"publicNotes\":[\"" + SHOWN + "\"]}")
            .statusCode()).isEqualTo(200);
        String after = HTTP
            .send(HttpRequest.newBuilder(URI.create(stack.base + "/public/")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .body();
        assertThat(after).isEqualTo(before).doesNotContain("依据督查通报第" + number + "期");
    }

    @Test
    void hostileQueriesAndPathsGetProblemsNotErrors() throws Exception {
        for (String path : List.of("/public/?q=" + "长".repeat(51), "/public/?q=%00", "/public/initiatives/" + RED,
                "/public/x/y/z?q=1")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.base + path)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(400, 404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path)
                .startsWith("application/problem+json");
            assertThat(response.body()).as(path).doesNotContain("Exception", "\tat ");
        }
        // What the servlet container refuses before the application sees it: still no
        // 500, no stack trace.
        for (String path : List.of("/public/x/../../etc/passwd", "/public/%ff%fe", "/public/%2e%2e/%2e%2e/ui/desk/")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.base + path)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 404);
            assertThat(response.body()).as(path).doesNotContain("Exception", "\tat ");
        }
    }

    /**
     * Last: it empties this address's budget, which the other tests' public page calls
     * need.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aHostileClientIsHeldToItsRateAndToldWhenToComeBack() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            flood.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(stack.base + "/public/?q=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : flood) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long served = answers.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(served + refused.size()).as("nothing but served or refused").isEqualTo(answers.size());
        // The default budget: a burst of 30 (less what the other tests took), then 2 a
        // second.
        assertThat(served).isBetween(1L, 30L + (long) Math.ceil(seconds * 2) + 1);
        assertThat(refused).isNotEmpty().allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("/problems/rate-limited");
        });
        await().atMost(Duration.ofSeconds(10))
            .until(() -> HTTP
                .send(HttpRequest.newBuilder(URI.create(stack.base + "/public/")).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
    }

    @Test
    void eachPlanNumbersItsOwnBulletinsAndADistrictReadsAndActsOnItsOwnOnly() throws Exception {
        String heping = stack.token("{\"role\":\"supervisor\",\"owner\":\"heping\",\"label\":\"和平区督查室\"}");
        String hexi = stack.token("{\"role\":\"supervisor\",\"owner\":\"hexi\",\"label\":\"河西区督查室\"}");
        String bulletins = stack.base + "/api/v1/bulletins";

        HttpResponse<String> forHeping = send(heping, "POST", bulletins, "{\"plan\":\"" + PLAN_HEPING + "\"}");
        assertThat(forHeping.statusCode()).as(forHeping.body()).isEqualTo(201);
        JsonNode first = stack.JSON.readTree(forHeping.body());
        assertThat(first.get("id").asString()).isEqualTo(PLAN_HEPING + ":1");
        assertThat(first.get("plan").asString()).isEqualTo(PLAN_HEPING);
        assertThat(first.get("initiatives").asInt()).as("its plan's one initiative, no other").isEqualTo(1);
        assertThat(forHeping.headers().firstValue("Location")).hasValue("/api/v1/bulletins/" + PLAN_HEPING + ":1");
        HttpResponse<String> othersPlan = send(hexi, "POST", bulletins, "{\"plan\":\"" + PLAN_HEPING + "\"}");
        assertThat(othersPlan.statusCode()).as("another district's plan").isEqualTo(403);
        assertThat(othersPlan.body()).contains("another office oversees");
        HttpResponse<String> planless = send(hexi, "POST", bulletins, "{}");
        assertThat(planless.statusCode()).as("the plan-less initiatives' bulletin is city-wide").isEqualTo(403);
        assertThat(planless.body()).contains("without a plan are for the city's office");
        HttpResponse<String> forHexi = send(hexi, "POST", bulletins, "{\"plan\":\"" + PLAN_HEXI + "\"}");
        assertThat(stack.JSON.readTree(forHexi.body()).get("id").asString()).as("numbered within its plan")
            .isEqualTo(PLAN_HEXI + ":1");

        String hepingFirst = bulletins + "/" + PLAN_HEPING + ":1";
        assertThat(send(hexi, "GET", hepingFirst, null).statusCode()).isEqualTo(403);
        assertThat(bytes(hexi, "/api/v1/bulletins/" + PLAN_HEPING + ":1/xlsx").statusCode()).isEqualTo(403);
        assertThat(send(hexi, "POST", hepingFirst + "/approve", "{}").statusCode()).isEqualTo(403);
        assertThat(send(heping, "GET", hepingFirst, null).statusCode()).isEqualTo(200);
        assertThat(send(supervisor, "GET", hepingFirst, null).statusCode()).as("the city's office reads every plan's")
            .isEqualTo(200);
        assertThat(stack.JSON.readTree(send(hexi, "GET", bulletins, null).body()).findValuesAsString("id"))
            .contains(PLAN_HEXI + ":1")
            .allSatisfy(id -> assertThat(id).startsWith(PLAN_HEXI + ":"));
        assertThat(stack.JSON.readTree(send(supervisor, "GET", bulletins + "?plan=" + PLAN_HEXI, null).body())
            .findValuesAsString("id")).containsExactly(PLAN_HEXI + ":1");

        assertThat(send(heping, "POST", hepingFirst + "/approve", "{}").statusCode()).isEqualTo(200);
        assertThat(send(heping, "POST", hepingFirst + "/publish", "{}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(publicPage("?plan=" + PLAN_HEPING))
                .contains("和平区事项" + RUN, "依据和平区" + RUN + "年重点工作督查通报第1期")
                .doesNotContain("河西区事项" + RUN));
        assertThat(publicPage("?plan=" + PLAN_HEXI)).as("a plan that published nothing shows nothing")
            .doesNotContain("河西区事项" + RUN);
    }

    private static String publicPage(String query) throws Exception {
        return HTTP
            .send(HttpRequest.newBuilder(URI.create(stack.base + "/public/" + query)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .body();
    }

    private static int generate() throws Exception {
        HttpResponse<String> made = send(supervisor, "POST", stack.base + "/api/v1/bulletins", "{}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode bulletin = stack.JSON.readTree(made.body());
        assertThat(bulletin.get("state").asString()).isEqualTo("draft");
        return bulletin.get("number").asInt();
    }

    private static void report(String id, int percent, String note, Instant at) throws Exception {
        String body = "{\"eventId\":\"" + id + "-1\",\"occurredAt\":\"" + at + "\",\"percentComplete\":" + percent
                + (note == null ? "" : ",\"note\":\"" + note + "\"") + ",\"reportedBy\":\"房管局\"}";
        HttpResponse<String> response = send(department, "POST", stack.base + "/api/v1/initiatives/" + id + "/events",
                body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static String page(String path) throws Exception {
        return HTTP
            .send(HttpRequest.newBuilder(URI.create(stack.base + path))
                .header("Cookie", "pw_token=" + supervisor)
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .body();
    }

    private static HttpResponse<byte[]> bytes(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.base + path))
            .header("Authorization", "Bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long percent(double ratio) {
        return Math.round(ratio * 100);
    }

    private static Row rowOf(Sheet sheet, String text) {
        for (Row row : sheet) {
            for (var cell : row) {
                if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().equals(text)) {
                    return row;
                }
            }
        }
        return null;
    }

    private static List<Double> numbers(Row row) {
        List<Double> numbers = new ArrayList<>();
        for (var cell : row) {
            if (cell.getCellType() == CellType.NUMERIC) {
                numbers.add(cell.getNumericCellValue());
            }
        }
        return numbers;
    }

}
