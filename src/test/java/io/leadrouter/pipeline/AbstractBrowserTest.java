package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.testing.TempDirs;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application (one shared context for every browser test) driven through Debian's headless Chromium with
 * its chromedriver at fixed paths, so Selenium Manager never tries to download anything. Each browser gets a fresh
 * profile and the flags that keep Chromium off the network it does not have.
 */
abstract class AbstractBrowserTest extends AbstractAppTest {
    static final String CHROMIUM = System.getProperty("browser.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");
    /**
     * Screenshots go to target/screenshots; with {@code -Dscreenshots.update=true} they replace the README's in
     * docs/screenshots (so an ordinary test run leaves the working tree clean).
     */
    static final Path SCREENSHOTS = Boolean.getBoolean("screenshots.update") ? Path.of("docs", "screenshots")
            : Path.of("target", "screenshots");
    private static final List<WebDriver> OPEN = new ArrayList<>();

    @DynamicPropertySource
    static void browserPolicy(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "browsertest");
        registry.add("leadrouter.policy-file", () -> "src/test/resources/policy/console-test.yaml");
        registry.add("camel.component.servlet.servlet-name", () -> "BrowserTestServlet");
    }

    /** A new headless Chromium of the given window size (CSS pixels). */
    static WebDriver browser(int width, int height) {
        try {
            Path profile = TempDirs.create("leadrouter-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, height));
            synchronized (OPEN) {
                OPEN.add(driver);
            }
            return driver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void closeBrowsers() {
        synchronized (OPEN) {
            OPEN.forEach(WebDriver::quit);
            OPEN.clear();
        }
    }

    static WebDriverWait waiting(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    static WebElement visible(WebDriver driver, By by) {
        return waiting(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** True when the page fits its window's width (no sideways scrolling). */
    static boolean fitsWidth(WebDriver driver) {
        return (Boolean) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth");
    }

    /** Fails on any Content-Security-Policy violation or script error the page logged. */
    static void assertNoConsoleErrors(WebDriver driver) {
        List<String> bad = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("the server responded with a status of 4"))
                .toList();
        assertThat(bad).as("browser console errors").isEmpty();
    }

    String campaignLead(String campaign, String company) throws Exception {
        String id = postLead("{\"email\":\"" + java.util.UUID.randomUUID() + "@example.com\",\"first_name\":\"Jo\","
                + "\"company\":\"" + company + "\",\"country\":\"DE\",\"utm_campaign\":\"" + campaign + "\"}");
        org.awaitility.Awaitility.await().until(() -> !"RECEIVED".equals(lead(id).path("status").asText()));
        return id;
    }

    void signIn(WebDriver driver, String path, String token) {
        driver.get(uri(path).toString());
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement input = visible(driver, By.id("signin-Authorization"));
        input.clear();
        input.sendKeys(token, org.openqa.selenium.Keys.ENTER);
    }
}
