package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The supervision loop (督办) in a real browser: a supervisor issues a slip from a 待关注 row
 * (the form starts from the row's worst condition), the department signs and answers it
 * on its page, and the supervisor closes it from 督办. Screenshots go to
 * {@code target/screenshots/slip-*}.
 */
class SupervisionBrowserTests {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** Started long ago, never reported: off track, stalled and silent. */
    static final String FORGOTTEN = "forgotten-slip-" + RUN;

    static PageStack stack;
    static Browser chrome;
    static WebDriver browser;
    static String base;
    static String supervisor;
    static String ecology;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        stack = PageStack.start("slip", "--planwatch.web.departments[ecology-env]=区生态环境局");
        base = stack.base;
        int year = LocalDate.now().getYear();
        stack.put(FORGOTTEN, """
                {"name":"推进碧水三年作战计划%s","program":"ecology","department":"ecology-env","startDate":"%d-01-01",
                 "dueDate":"%d-12-31","measure":"percent","reportingCadenceDays":1,"stallAfterDays":1}""".formatted(RUN,
                year - 1, year + 1));
        supervisor = stack.token("{\"role\":\"supervisor\",\"label\":\"督查室 李四\"}");
        ecology = stack.token("{\"role\":\"department\",\"department\":\"ecology-env\",\"label\":\"slip test\"}");
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
    void aSupervisorIssuesFromAttentionTheDepartmentSignsAndAnswersAndTheSupervisorCloses() throws Exception {
        signIn(supervisor);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/attention");
            assertThat(browser.findElements(By.id("row-" + FORGOTTEN))).hasSize(1);
        });
        browser.findElement(By.id("row-" + FORGOTTEN)).findElement(By.className("issue")).click();
        assertThat(browser.getCurrentUrl()).contains("issue=off_track");
        assertThat(browser.findElement(By.id("issue-reason")).getAttribute("value")).as("prefilled from the row")
            .startsWith("严重滞后（自 ")
            .contains("进度 0%");
        assertThat(browser.findElement(By.id("issue-colour")).getAttribute("value")).isEqualTo("yellow");
        chrome.screenshot("slip-1-issue-form");
        chrome.submit("issue-submit");
        WebElement issued = awaitSlip("/ui/desk/initiatives/" + FORGOTTEN, "待签收");
        assertThat(issued.getText()).contains("黄色", "严重滞后", "下发", "督查室 李四");
        chrome.screenshot("slip-2-issued");

        signIn(ecology);
        WebElement open = awaitSlip("/ui/", "待签收");
        assertThat(chrome.text("slips")).contains("督办单（1 张未办结）");
        chrome.submit(open.findElement(By.className("sign")));
        WebElement signed = awaitSlip("/ui/", "已签收，待反馈");
        signed.findElement(By.name("cause")).sendKeys("征收工作受阻");
        signed.findElement(By.name("remedy")).sendKeys("增派力量，每周报送进展");
        WebElement promised = signed.findElement(By.name("promisedDate"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", promised,
                LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(20).toString());
        chrome.screenshot("slip-3-answer-form");
        chrome.submit(signed.findElement(By.className("answer")));
        awaitSlip("/ui/", "已反馈，待核查");

        signIn(supervisor);
        browser.findElement(By.id("nav-slips")).click();
        WebElement row = awaitSlip("/ui/desk/slips", "已反馈，待核查");
        assertThat(row.getText()).contains("征收工作受阻", "区生态环境局");
        chrome.screenshot("slip-4-check");
        chrome.submit(row.findElement(By.className("close")));
        assertThat(chrome.text("done")).contains("已提交");
        WebElement closed = awaitSlip("/ui/desk/slips?state=closed", "已办结");
        assertThat(closed.getText()).contains("推进碧水三年作战计划");
        browser.get(base + "/ui/desk/initiatives/" + FORGOTTEN + "#slips");
        assertThat(chrome.text("slips")).contains("下发", "签收", "反馈", "办结销号");
        chrome.screenshot("slip-5-closed");
    }

    /**
     * The first slip on the page once it shows the state (the step reaches the page
     * through initiative-status).
     */
    static WebElement awaitSlip(String path, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + path);
            assertThat(browser.findElements(By.cssSelector("[id^='slip-S-'] .state"))).extracting(WebElement::getText)
                .contains(state);
        });
        return browser.findElements(By.cssSelector("[id^='slip-S-']"))
            .stream()
            .filter(e -> e.findElement(By.className("state")).getText().equals(state))
            .findFirst()
            .orElseThrow();
    }

    static void signIn(String token) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/sign-in");
        chrome.signIn(token);
    }

}
