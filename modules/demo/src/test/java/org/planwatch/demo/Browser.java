package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through chromedriver, for the pages'
 * browser tests. Without Chromium a test is skipped on a developer's machine and fails
 * where {@code CI=true} ({@code .ci/run} sets it), so CI cannot pass without the browser
 * check.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("planwatch.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("planwatch.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test class (fails it in CI) when Chromium is not installed. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "CI needs Chromium for the browser test: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed (apt-get install chromium chromium-driver)");
    }

    static Browser start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-extensions", "--no-first-run", "--lang=zh-CN",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        Files.createDirectories(SCREENSHOTS);
        return new Browser(new ChromeDriver(service, options));
    }

    /** Clicks a submit button and waits for the next page to replace this one. */
    void submit(String id) {
        submit(driver.findElement(By.id(id)));
    }

    /** Clicks this submit button and waits for the next page to replace this one. */
    void submit(WebElement button) {
        var page = driver.findElement(By.tagName("html"));
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                page.isEnabled();
                return false;
            }
            catch (StaleElementReferenceException gone) {
                return true;
            }
            catch (WebDriverException e) {
                // Chromium sometimes reports the replaced document this way rather than
                // as stale.
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    void signIn(String token) {
        assertThat(driver.findElements(By.id("token")))
            .as("sign-in form on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource())
            .isNotEmpty();
        driver.findElement(By.id("token")).sendKeys(token);
        submit("sign-in");
    }

    /**
     * The element's text; fails showing the page as the browser has it when there is no
     * such element.
     */
    String text(String id) {
        var found = driver.findElements(By.id(id));
        assertThat(found).as("#" + id + " on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource()).isNotEmpty();
        return found.get(0).getText();
    }

    void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }

}
