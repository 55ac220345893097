package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.List;
import java.util.HashMap;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
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

    /** Two districts' plans, for the plan switcher and the city view. */
    static final String HEPING = "heping-desk-" + RUN;

    static final String HEXI = "hexi-desk-" + RUN;

    /** The one initiative of Hexi's plan. */
    static final String HEXI_ONE = "hexi-roads-" + RUN;

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
        stack.plan(HEPING, plan("和平区", "heping", year));
        stack.plan(HEXI, plan("河西区", "hexi", year));
        stack.put(LEASING, """
                {"name":"打好洋楼招商攻坚战%s","program":"economy","department":"commerce","startDate":"%d-01-01",
                 "dueDate":"%d-12-31","measure":"percent","reportingCadenceDays":30,"stallAfterDays":60,
                 "plan":"%s"}""".formatted(RUN, year + 1, year + 1, HEPING));
        stack.put(FORGOTTEN, """
                {"name":"推进碧水三年作战计划%s","program":"ecology","department":"ecology-env","startDate":"%d-01-01",
                 "dueDate":"%d-12-31","measure":"percent","reportingCadenceDays":1,"stallAfterDays":1,
                 "plan":"%s"}""".formatted(RUN, year - 1, year + 1, HEPING));
        stack.put(HEXI_ONE, """
                {"name":"河西区道路提升","program":"economy","department":"commerce","startDate":"%d-01-01",
                 "dueDate":"%d-12-31","measure":"percent","plan":"%s"}""".formatted(year, year, HEXI));
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
    void theCityViewListsBothDistrictsAndTheSwitcherShowsOnePlan() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/sign-in");
        signIn(supervisor);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/");
            assertThat(text("city-" + HEPING)).contains("和平区", "执行中");
            assertThat(text("city-" + HEXI)).contains("河西区", "执行中");
            assertThat(browser.findElements(By.cssSelector("#city-" + HEXI + " td")).get(3).getText()).isEqualTo("1");
            assertThat(browser.findElements(By.cssSelector("#city-" + HEPING + " td")).get(3).getText()).isEqualTo("2");
        });
        assertThat(browser.findElement(By.id("plan-all")).getAttribute("aria-current")).isEqualTo("page");
        screenshot("desk-4-city");

        browser.findElement(By.id("plan-" + HEXI)).click();
        assertThat(browser.getCurrentUrl()).endsWith("/ui/desk/?plan=" + HEXI);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("河西区" + RUN + "年重点工作");
        assertThat(browser.findElements(By.cssSelector("#initiatives tbody tr"))).extracting(e -> e.getAttribute("id"))
            .containsExactly("row-" + HEXI_ONE);
        assertThat(browser.findElement(By.id("plan-" + HEXI)).getAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.findElements(By.id("city"))).as("the city table is the city view's").isEmpty();
        screenshot("desk-5-plan");

        // A filter keeps the plan: Heping's stalled initiative is not among Hexi's.
        browser.findElement(By.id("f-stalled")).click();
        submit("apply");
        assertThat(browser.getCurrentUrl()).contains("plan=" + HEXI);
        assertThat(browser.findElements(By.cssSelector("#initiatives tbody tr"))).extracting(e -> e.getAttribute("id"))
            .containsExactly("row-" + HEXI_ONE);

        browser.get(base + "/ui/desk/attention");
        browser.findElement(By.id("plan-" + HEPING)).click();
        assertThat(browser.findElements(By.id("row-" + FORGOTTEN))).as("Heping's stalled one").hasSize(1);
        browser.findElement(By.id("plan-" + HEXI)).click();
        assertThat(browser.findElements(By.id("row-" + FORGOTTEN))).as("not Hexi's").isEmpty();

        browser.get(base + "/ui/desk/?plan=no-such-plan");
        assertThat(text("message")).contains("没有找到该计划");
    }

    @Test
    void aDistrictsSupervisorSeesItsOwnPlanOnly() throws Exception {
        String hexi = stack.token("{\"role\":\"supervisor\",\"owner\":\"hexi\",\"label\":\"河西区督查室\"}");
        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/sign-in");
        signIn(hexi);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/?q=" + RUN);
            assertThat(browser.findElements(By.cssSelector("#plans a"))).extracting(e -> e.getAttribute("id"))
                .contains("plan-all", "plan-" + HEXI)
                .doesNotContain("plan-" + HEPING);
        });
        // Its plan's link comes from the plans topic; its initiative's row from
        // initiative-status, which a stack reading the shared broker's backlog publishes
        // at its 2 s catch-up cadence.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/");
            assertThat(browser.findElements(By.cssSelector("#initiatives tbody tr")))
                .extracting(e -> e.getAttribute("id"))
                .contains("row-" + HEXI_ONE);
        });
        assertThat(browser.findElements(By.cssSelector("#initiatives tbody tr"))).extracting(e -> e.getAttribute("id"))
            .doesNotContain("row-" + LEASING, "row-" + FORGOTTEN);
        screenshot("desk-6-district");

        browser.get(base + "/ui/desk/initiatives/" + FORGOTTEN);
        assertThat(text("message")).contains("无权查看该事项");
        assertThat(browser.getPageSource()).doesNotContain("推进碧水三年作战计划");
        browser.get(base + "/ui/desk/?plan=" + HEPING);
        assertThat(text("message")).as("another district's plan is as unknown").contains("没有找到该计划");

        // Its bulletins are its own plans': numbered within the plan, titled by its name.
        browser.get(base + "/ui/desk/bulletins");
        assertThat(browser.findElements(By.cssSelector("#generate-plan option")))
            .extracting(e -> e.getAttribute("value"))
            .contains(HEXI)
            .doesNotContain(HEPING, "");
        // Generating answers 503 while the desk's view is still being read: retried as a
        // person would.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/bulletins");
            new Select(browser.findElement(By.id("generate-plan"))).selectByValue(HEXI);
            submit("generate");
            assertThat(browser.getCurrentUrl()).as(() -> browser.findElement(By.tagName("main")).getText())
                .contains("/ui/desk/bulletins/" + HEXI + ":");
        });
        assertThat(text("title")).startsWith("河西区" + RUN + "年重点工作 督查通报 第");
        screenshot("desk-7-district-bulletin");
        browser.get(base + "/ui/desk/bulletins");
        assertThat(browser.findElements(By.cssSelector("#bulletins tbody tr td.plan"))).extracting(WebElement::getText)
            .isNotEmpty()
            .contains("河西区" + RUN + "年重点工作")
            .allSatisfy(plan -> assertThat(plan).as("only Hexi's plans").startsWith("河西区"));
        browser.get(base + "/ui/desk/bulletins?plan=" + HEPING);
        assertThat(text("message")).contains("没有找到该计划");
    }

    static String plan(String ownerName, String owner, int year) {
        return """
                {"name":"%s%s年重点工作","owner":"%s","ownerName":"%s","ownerKind":"district",
                 "periodStart":"%d-01-01","periodEnd":"%d-12-31","state":"active"}""".formatted(ownerName, RUN, owner,
                ownerName, year, year);
    }

    @Test
    void theSlipsPageAndApiNarrowToOnePlan() throws Exception {
        Map<String, String> slips = new HashMap<>();
        for (String id : List.of(LEASING, HEXI_ONE)) {
            HttpResponse<String> issued = EndToEndIntegrationTests.send(supervisor, "POST",
                    base + "/api/v1/initiatives/" + id + "/slips", """
                            {"colour":"blue","reason":"请按期填报进度"}""");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
            slips.put(id, PageStack.JSON.readTree(issued.body()).get("slipId").asString());
        }
        await().atMost(Duration.ofSeconds(60))
            .until(() -> PageStack.JSON
                .readTree(EndToEndIntegrationTests.send(supervisor, "GET", base + "/api/v1/slips?plan=" + HEXI, null)
                    .body())
                .findValuesAsString("slipId")
                .contains(slips.get(HEXI_ONE)));
        assertThat(PageStack.JSON
            .readTree(
                    EndToEndIntegrationTests.send(supervisor, "GET", base + "/api/v1/slips?plan=" + HEXI, null).body())
            .findValuesAsString("initiativeId")).containsOnly(HEXI_ONE);

        browser.manage().deleteAllCookies();
        browser.get(base + "/ui/sign-in");
        signIn(supervisor);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.get(base + "/ui/desk/slips");
            assertThat(browser.findElements(By.id("slip-" + slips.get(LEASING)))).isNotEmpty();
        });
        assertThat(browser.findElements(By.id("slip-" + slips.get(HEXI_ONE)))).as("the city view has both")
            .isNotEmpty();
        browser.findElement(By.id("plan-" + HEPING)).click();
        assertThat(browser.getCurrentUrl()).contains("plan=" + HEPING);
        assertThat(browser.findElements(By.id("slip-" + slips.get(LEASING)))).isNotEmpty();
        assertThat(browser.findElements(By.id("slip-" + slips.get(HEXI_ONE)))).as("not Heping's").isEmpty();
        browser.findElement(By.cssSelector("#slip-filters button")).click();
        assertThat(browser.getCurrentUrl()).as("the filters keep the plan").contains("plan=" + HEPING);
        assertThat(browser.findElements(By.id("slip-" + slips.get(HEXI_ONE)))).isEmpty();
        screenshot("desk-8-slips-plan");
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
