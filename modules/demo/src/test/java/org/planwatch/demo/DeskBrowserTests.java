package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The supervisors' desk in a real browser (Debian's Chromium through chromedriver, as in
 * {@link DepartmentPageBrowserTests}, through {@link Browser}), against the publisher and
 * aggregator on a real broker: a supervisor signs in and sees every initiative, filters,
 * finds a stalled and silent initiative as one row of 待关注, and opens its chart; a
 * department's cookie opens no desk page. Screenshots go to
 * {@code target/screenshots/desk-*}.
 */
class DeskBrowserTests {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** Starts next year: not started, nothing wrong. */
    static final String LEASING = "yanglou-desk-" + RUN;

    /**
     * Started long ago, never reported, a one-day cadence: stalled and silent (and off
     * track) at once.
     */
    static final String FORGOTTEN = "forgotten-desk-" + RUN;

    static PageStack stack;
    static Browser chrome;
    static WebDriver browser;
    static String base;
    static String supervisor;
    static String commerce;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        stack = PageStack.start("desk", "--planwatch.web.departments.commerce=区商务局",
                "--planwatch.web.departments[ecology-env]=区生态环境局", "--planwatch.web.programs.economy=经济高质量发展");
        base = stack.base;
        int year = LocalDate.now().getYear();
        stack.put(LEASING, """
                {"name":"打好洋楼招商攻坚战%s","program":"economy","department":"commerce","startDate":"%d-01-01",
                 "dueDate":"%d-12-31","measure":"percent","reportingCadenceDays":30,"stallAfterDays":60}"""
            .formatted(RUN, year + 1, year + 1));
        stack.put(FORGOTTEN, """
                {"name":"推进碧水三年作战计划%s","program":"ecology","department":"ecology-env","startDate":"%d-01-01",
                 "dueDate":"%d-12-31","measure":"percent","reportingCadenceDays":1,"stallAfterDays":1}""".formatted(RUN,
                year - 1, year + 1));
        supervisor = stack.token("{\"role\":\"supervisor\",\"label\":\"desk test\"}");
        commerce = stack.token("{\"role\":\"department\",\"department\":\"commerce\",\"label\":\"desk test\"}");

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
    void aSupervisorSeesThePlanFiltersItAndFindsTheStalledSilentInitiativeOnce() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/desk/");
        assertThat(browser.getCurrentUrl()).as("not signed in").endsWith("/ui/sign-in");
        signIn(supervisor);
        assertThat(browser.getCurrentUrl()).endsWith("/ui/desk/");
        // The statuses arrive through the initiative-status topic within a commit
        // interval or so.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/?q=" + RUN);
            assertThat(browser.findElements(By.cssSelector("#initiatives tbody tr"))).hasSize(2);
        });
        String leasing = text("row-" + LEASING);
        assertThat(leasing).contains("打好洋楼招商攻坚战", "区商务局", "未开始", "尚无填报").doesNotContain("commerce");
        assertThat(text("row-" + FORGOTTEN)).contains("区生态环境局", "红");
        screenshot("desk-1-overview");

        browser.findElement(By.id("f-stalled")).click();
        submit("apply");
        assertThat(browser.findElements(By.cssSelector("#initiatives tbody tr"))).as("only the stalled one")
            .extracting(e -> e.getAttribute("id"))
            .containsExactly("row-" + FORGOTTEN);

        browser.findElement(By.id("nav-attention")).click();
        var rows = browser.findElements(By.cssSelector("#attention tbody tr[id='row-" + FORGOTTEN + "']"));
        assertThat(rows).as("one row for the initiative, not one per condition").hasSize(1);
        assertThat(rows.get(0).getText()).contains("停滞：自", "逾期未报：自", "严重滞后：自");
        assertThat(browser.findElements(By.id("row-" + LEASING))).as("nothing wrong with it").isEmpty();
        screenshot("desk-2-attention");

        rows.get(0).findElement(By.tagName("a")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
            .until(d -> !d.findElement(By.id("chart")).getAttribute("data-series").isEmpty());
        assertThat(browser.findElement(By.id("chart")).getAttribute("data-series")).contains("计划");
        assertThat(browser.findElements(By.cssSelector("#chart svg path"))).as("drawn by ECharts").isNotEmpty();
        assertThat(text("chart-data")).as("the figures are on the page as text").contains("计划", "0", "100");
        assertThat(browser.findElements(By.id("history"))).as("the report history, from the aggregator").isNotEmpty();
        screenshot("desk-3-initiative");

        browser.findElement(By.id("nav-departments")).click();
        assertThat(text("dept-ecology-env")).contains("区生态环境局");
    }

    @Test
    void aDepartmentsCookieOpensNoDeskPage() {
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/sign-in");
        signIn(commerce);
        assertThat(browser.getCurrentUrl()).endsWith("/ui/");
        for (String path : new String[] { "/ui/desk/", "/ui/desk/attention", "/ui/desk/departments",
                "/ui/desk/initiatives/" + LEASING }) {
            browser.get(base + path);
            assertThat(text("message")).as(path).contains("仅供督查和管理人员使用");
            assertThat(browser.getPageSource()).as(path).doesNotContain("打好洋楼招商攻坚战");
        }
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

}
