package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.planwatch.demo.EndToEndIntegrationTests.send;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A bulletin from the desk to the public page in a real browser: a supervisor generates
 * it, approves it clearing one public initiative's note (not the other's), publishes it,
 * and a signed-out browser opens {@code /public/}: only the public initiatives, with
 * their published figures, and neither an internal id, a token nor the note that was not
 * cleared anywhere in the HTML. Screenshots go to {@code target/screenshots/public-*}.
 */
class PublicPageBrowserTests {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String CLEARED = "pub-cleared-" + RUN;
    static final String KEPT = "pub-kept-" + RUN;
    static final String INTERNAL = "pub-internal-" + RUN;
    static final String CLEARED_NAME = "改造老旧小区" + RUN;
    static final String KEPT_NAME = "建设智慧公厕" + RUN;
    static final String INTERNAL_NAME = "整合国企二级公司" + RUN;
    static final String CLEARED_NOTE = "已完成45个小区改造";
    static final String KEPT_NOTE = "施工单位资金紧张待协调";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static PageStack stack;
    static Browser chrome;
    static WebDriver browser;
    static String supervisor;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        stack = PageStack.start("public", "--planwatch.bulletins.schedule=-",
                "--planwatch.web.departments.housing=区住房建设委", "--planwatch.web.programs.livelihood=保障和改善民生");
        supervisor = stack.token("{\"role\":\"supervisor\",\"label\":\"督查室\"}");
        String housing = stack.token("{\"role\":\"department\",\"department\":\"housing\",\"label\":\"public\"}");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Instant now = Instant.now();
        for (String[] i : List.of(new String[] { CLEARED, CLEARED_NAME, "true", "70", CLEARED_NOTE },
                new String[] { KEPT, KEPT_NAME, "true", "20", KEPT_NOTE },
                new String[] { INTERNAL, INTERNAL_NAME, "false", "50", "内部事项说明" })) {
            stack.put(i[0], """
                    {"name":"%s","program":"livelihood","department":"housing","startDate":"%s","dueDate":"%s",
                     "public":%s}""".formatted(i[1], today.minusDays(60), today.plusDays(60), i[2]));
            HttpResponse<String> report = send(housing, "POST", stack.base + "/api/v1/initiatives/" + i[0] + "/events",
                    "{\"eventId\":\"" + i[0] + "-1\",\"occurredAt\":\"" + now + "\",\"percentComplete\":" + i[3]
                            + ",\"note\":\"" + i[4] + "\",\"reportedBy\":\"房管局\"}");
            assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(HTTP
                .send(HttpRequest.newBuilder(URI.create(stack.base + "/ui/desk/?q=" + RUN))
                    .header("Cookie", "pw_token=" + supervisor)
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body()).contains("70% / ", "20% / ", "50% / "));
        chrome = Browser.start();
        browser = chrome.driver;
    }

    @AfterAll
    static void stop() {
        if (chrome != null) {
            chrome.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPublishedBulletinsFiguresReachThePublicPageAndNothingElseDoes() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(stack.base + "/ui/desk/bulletins");
        chrome.signIn(supervisor);
        browser.get(stack.base + "/ui/desk/bulletins");
        chrome.submit("generate");
        assertThat(chrome.text("bulletin-state")).isEqualTo("草稿");
        String number = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(chrome.text("red-items")).doesNotContain(CLEARED_NAME);
        chrome.screenshot("public-1-draft");

        for (WebElement box : browser.findElements(By.name("publicNotes"))) {
            if (box.getAttribute("value").equals(CLEARED)) {
                box.click();
            }
        }
        chrome.submit("approve");
        assertThat(chrome.text("bulletin-state")).isEqualTo("已审核");
        chrome.submit("publish");
        assertThat(chrome.text("bulletin-state")).isEqualTo("已发布");
        assertThat(browser.findElements(By.id("approve"))).as("a published bulletin has no forms").isEmpty();
        chrome.screenshot("public-2-published");

        browser.manage().deleteAllCookies();
        browser.get(stack.base + "/public/");
        chrome.screenshot("public-3-page");
        assertThat(chrome.text("as-of")).contains("督查通报第" + number + "期");
        List<String> rows = browser.findElements(By.cssSelector("#public-items tr.item"))
            .stream()
            .map(WebElement::getText)
            .toList();
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(CLEARED_NAME, "区住房建设委", "70%"))
            .anySatisfy(r -> assertThat(r).contains(KEPT_NAME, "20%"))
            .noneSatisfy(r -> assertThat(r).contains(INTERNAL_NAME));
        String html = browser.getPageSource();
        assertThat(html).contains(CLEARED_NOTE)
            .doesNotContain(KEPT_NOTE, "内部事项说明", INTERNAL_NAME, CLEARED, KEPT, INTERNAL, "housing", "livelihood",
                    supervisor, "pw_");
        assertThat(html).contains("<meta name=\"robots\" content=\"noindex\">");

        browser.get(stack.base + "/public/?q=" + URLEncoder.encode("智慧", StandardCharsets.UTF_8));
        List<String> found = browser.findElements(By.cssSelector("#public-items tr.item"))
            .stream()
            .map(WebElement::getText)
            .toList();
        assertThat(found).isNotEmpty().allSatisfy(r -> assertThat(r).contains("智慧"));
        chrome.screenshot("public-4-search");
    }

}
