package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The department page in a real browser: Debian's Chromium, headless, driven by Selenium
 * through chromedriver, against the publisher and aggregator on a real broker. A clerk
 * signs in, posts an update and sees it in the status, uploads a sheet with a bad row and
 * sees that row's error, and the page fits a phone. Screenshots go to
 * {@code target/screenshots/}. Chromium and chromedriver come from Debian
 * ({@code apt-get install chromium chromium-driver}, done by {@code .ci/run}); without
 * them it is skipped on a developer's machine and fails where {@code CI=true}
 * ({@code .ci/run} sets it), so CI cannot pass without the browser check.
 */
class DepartmentPageBrowserTests {

    static final JsonMapper JSON = PageStack.JSON;

    static PageStack stack;
    static Browser chrome;
    static WebDriver browser;
    static String commerce;
    static String base;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String LEASING = "yanglou-page-" + RUN;
    static final String OTHERS = "water-page-" + RUN;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        stack = PageStack.start("page");
        base = stack.base;
        stack.put(LEASING, """
                {"name":"打好洋楼招商攻坚战","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi",
                 "kpis":[{"id":"buildings-leased","name":"招商洋楼","unit":"栋","target":90}],
                 "milestones":[{"id":"policy","name":"出台一楼一策"}]}""");
        stack.put(OTHERS, """
                {"name":"五个三年污染防治计划","program":"environment","department":"water","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"percent"}""");
        commerce = issue("commerce");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(LEASING) != null);

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
    void aClerkSignsInPostsAnUpdateSeesItAndUploadsASheetWithABadRow() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/");
        assertThat(browser.getCurrentUrl()).as("not signed in").endsWith("/ui/sign-in");
        signIn("pw_0000000000000000_notatokennotatokennotatokennotatokennotatok");
        assertThat(text("error")).contains("令牌无效");
        signIn(commerce);
        assertThat(browser.getCurrentUrl()).endsWith("/ui/");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("打好洋楼招商攻坚战", "部门：commerce")
            .doesNotContain("五个三年污染防治计划");
        screenshot("1-initiatives");

        // By id: other tests in this JVM share the broker, and may have initiatives of
        // the same name.
        browser.findElement(By.cssSelector("#initiative-" + LEASING + " a.title")).click();
        assertThat(text("events-counted")).isEqualTo("0 条");
        browser.findElement(By.id("percentComplete")).sendKeys("150");
        submit("submit-report");
        assertThat(text("error-percentComplete")).as("checked, in Chinese, nothing sent").contains("0 到 100");
        assertThat(text("error-reportedBy")).contains("填报人");

        browser.findElement(By.id("percentComplete")).clear();
        browser.findElement(By.id("kpi-buildings-leased")).sendKeys("36");
        browser.findElement(By.cssSelector("input[name=milestone][value=policy]")).click();
        browser.findElement(By.id("note")).sendKeys("已出台一楼一策，36 栋洋楼完成招商");
        browser.findElement(By.id("reportedBy")).sendKeys("商务局 王科长");
        submit("submit-report");
        assertThat(text("sent")).contains("已提交");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.navigate().refresh();
            assertThat(text("events-counted")).isEqualTo("1 条");
        });
        assertThat(browser.findElements(By.cssSelector("dd.kpi")).get(0).getText()).isEqualTo("36 / 90 栋");
        assertThat(text("progress")).as("36 of 90 buildings").isEqualTo("40%");
        screenshot("2-update-reflected");

        Path sheet = Files.createTempFile("六月进度-", ".csv");
        Files.writeString(sheet, "\uFEFF事项编号,日期,完成百分比,指标:buildings-leased,填报人,备注\n" + LEASING
                + ",2026-06-30,,45,商务局 王科长,六月\n" + LEASING + ",2026-07-31,,abc,商务局 王科长,七月\n", StandardCharsets.UTF_8);
        browser.findElement(By.id("nav-upload")).click();
        browser.findElement(By.id("file")).sendKeys(sheet.toAbsolutePath().toString());
        submit("submit-upload");
        assertThat(text("summary")).contains("1 行有误", "未提交任何数据");
        String problems = text("problems");
        assertThat(problems).as("the bad row, its column and what is wrong")
            .contains("3", "指标:buildings-leased", "必须是数字");
        assertThat(problems).doesNotContain("\n2 ");
        screenshot("3-upload-row-error");

        browser.findElement(By.id("file")).sendKeys(sheet.toAbsolutePath().toString());
        browser.findElement(By.id("skipInvalid")).click();
        submit("submit-upload");
        assertThat(text("summary")).contains("已受理 1 行", "有误 1 行");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(LEASING).get("eventsCounted").asLong() == 2);

        browser.findElement(By.id("file")).sendKeys(sheet.toAbsolutePath().toString());
        browser.findElement(By.id("skipInvalid")).click();
        submit("submit-upload");
        assertThat(text("summary")).contains("已受理 1 行");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = status(LEASING);
            assertThat(status.get("duplicatesIgnored").asLong()).as("the same file again").isEqualTo(1);
            assertThat(status.get("eventsCounted").asLong()).as("counted once").isEqualTo(2);
        });
    }

    @Test
    void anotherDepartmentsInitiativeIsRefusedAndThePageFitsAPhone() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/sign-in");
        signIn(commerce);
        browser.get(base + "/ui/initiatives/" + OTHERS);
        assertThat(text("message")).contains("不是本部门负责或配合的事项");
        browser.get(base + "/ui/initiatives/no-such-" + RUN);
        assertThat(text("message")).as("unknown ids get the same answer").contains("不是本部门负责或配合的事项");

        Dimension desktop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            for (String path : new String[] { "/ui/", "/ui/initiatives/" + LEASING, "/ui/upload" }) {
                browser.get(base + path);
                Object overflow = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).longValue()).as("no sideways scrolling on a phone: " + path)
                    .isLessThanOrEqualTo(0);
            }
            browser.get(base + "/ui/initiatives/" + LEASING);
            screenshot("4-phone");
        }
        finally {
            browser.manage().window().setSize(desktop);
        }

        browser.get(base + "/ui/");
        submit("sign-out");
        browser.get(base + "/ui/");
        assertThat(browser.getCurrentUrl()).as("signed out").endsWith("/ui/sign-in");
    }

    private static void submit(String id) {
        chrome.submit(id);
    }

    private static void signIn(String token) {
        chrome.signIn(token);
    }

    private static String text(String id) {
        return chrome.text(id);
    }

    private static void screenshot(String name) throws IOException {
        chrome.screenshot(name);
    }

    private static String issue(String department) throws Exception {
        return stack.token("{\"role\":\"department\",\"department\":\"" + department + "\",\"label\":\"page test\"}");
    }

    /**
     * The aggregator's answer for the initiative, read with the department's token; null
     * until it has one.
     */
    private static JsonNode status(String id) throws Exception {
        var response = EndToEndIntegrationTests.send(commerce == null ? stack.admin : commerce, "GET",
                stack.aggregatorUrl() + "/api/v1/initiatives/" + id + "/status", null);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

}
