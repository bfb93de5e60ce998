package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console in headless Chromium: sign-in (wrong token, rep token → 403 page), the overview's charts drawn
 * with data, a lead's timeline and decision trace, replay of a rejection, an availability change with the API's
 * error beside the field, the what-if, and Swagger UI — all under the strict Content Security Policy.
 */
class ConsoleBrowserTest extends AbstractBrowserTest {
    static WebDriver admin;

    @BeforeAll
    static void openBrowser() {
        admin = browser(1280, 1000);
    }

    void signedIn() {
        admin.get(uri("/").toString());
        if (!admin.findElements(By.id("signin-Authorization")).isEmpty() || admin.findElements(By.id("nav")).isEmpty()
                || admin.findElement(By.id("nav")).findElements(By.tagName("a")).isEmpty()) {
            signIn(admin, "/", ADMIN_TOKEN);
            visible(admin, By.cssSelector("#nav a[aria-current=page]"));
        }
    }

    @Test
    void signInRefusesWrongTokensAndRepsAndShowsTheOverviewChartsWithData() throws Exception {
        for (int i = 0; i < 3; i++) {
            postLead("{\"email\":\"overview-" + UUID.randomUUID() + "@example.com\",\"company\":\"Chart Co\"}");
        }
        campaignLead("pull", "Queue Co");
        signIn(admin, "/", "not-the-token");
        assertThat(visible(admin, By.id("signin-Authorization-error")).getText()).contains("neither the admin token nor a rep token");
        assertThat(admin.findElement(By.id("signin-Authorization")).getAttribute("aria-invalid")).isEqualTo("true");

        signIn(admin, "/", token("carol"));
        assertThat(visible(admin, By.id("forbidden-title")).getText()).contains("403");

        signIn(admin, "/", ADMIN_TOKEN);
        for (String chart : List.of("chart-sources", "chart-rules", "chart-strategies", "chart-queues", "chart-touch", "chart-crm",
                "chart-fair-inside")) {
            WebElement box = waiting(admin, Duration.ofSeconds(10)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + chart + "[data-rendered=true] canvas")));
            assertThat(box.getSize().getHeight()).as(chart).isPositive();
        }
        String sources = admin.findElement(By.id("chart-sources")).getAttribute("aria-label");
        assertThat(Integer.parseInt(sources.replaceAll("^(\\d+) leads.*", "$1"))).as(sources).isGreaterThanOrEqualTo(4);
        assertThat(admin.findElement(By.id("chart-fair-inside")).getAttribute("aria-label")).contains("carol entitled").contains("dave");
        assertThat(admin.findElement(By.id("chart-queues")).getAttribute("aria-label")).contains("pool");
        assertNoConsoleErrors(admin);
        screenshot(admin, "console-overview");

        ((JavascriptExecutor) admin).executeScript("sessionStorage.setItem('leadrouter.console.token', 'expired-token')");
        admin.navigate().refresh();
        assertThat(visible(admin, By.id("signin-reason")).getText()).contains("not accepted");
    }

    @Test
    void aLeadPageShowsTheCanonicalLeadTheSubmissionTheTimelineAndTheTraceAsSentences() throws Exception {
        String alice = token("alice");
        String leadId = campaignLead("pull", "Timeline GmbH");
        assertThat(call("POST", "/api/queues/pool/leads/" + leadId + "/claim", alice, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/leads/" + leadId + "/touch", alice, "{\"note\":\"called, left a voicemail\"}").statusCode())
                .isEqualTo(200);
        signedIn();
        admin.get(uri("/#/leads?source=form-website&rep=alice&queue=pool").toString());
        visible(admin, By.cssSelector("a[href='#/leads/" + leadId + "']")).click();
        WebElement timeline = visible(admin, By.id("timeline"));
        assertThat(timeline.getText()).contains("received").contains("queued").contains("claimed").contains("by rep:alice")
                .contains("touched").contains("called, left a voicemail");
        String trace = admin.findElement(By.id("decision-trace")).getText();
        assertThat(trace).contains("Rule 'pull' matched");
        assertThat(admin.findElement(By.tagName("main")).getText()).contains("Timeline GmbH").contains("utm_campaign");
        assertNoConsoleErrors(admin);
        screenshot(admin, "lead-page");
    }

    @Test
    void aRejectionIsReplayedAndTheApisReasonsAreShown() throws Exception {
        String marker = "replay-" + UUID.randomUUID();
        HttpResponse<String> rejected = post("/intake/form-website", "application/json",
                "{\"email\":\"nope\",\"first_name\":\"" + marker + "\"}");
        assertThat(rejected.statusCode()).isEqualTo(422);
        String rejectionId = json.readTree(rejected.body()).path("rejectionId").asText();
        signedIn();
        admin.get(uri("/#/rejections").toString());
        WebElement card = visible(admin, By.cssSelector("[data-rejection-id='" + rejectionId + "']"));
        assertThat(card.getText()).contains(marker).contains("email");
        card.findElement(By.cssSelector("button.replay")).click();
        waiting(admin, Duration.ofSeconds(5)).until(d -> card.findElement(By.cssSelector("[data-error-for=_form]")).getText()
                .startsWith("Still does not map: email:"));
        assertThat(json.readTree(call("GET", "/api/audit?target=rejection:" + rejectionId, ADMIN_TOKEN, null).body())
                .path("entries").get(0).path("action").asText()).isEqualTo("rejection-replay-failed");
    }

    @Test
    void anAvailabilityChangeIsSavedAndShownWithWhoMadeIt() throws Exception {
        signedIn();
        admin.get(uri("/#/reps").toString());
        WebElement dave = visible(admin, By.cssSelector("[data-rep-id=dave]"));
        new Select(dave.findElement(By.name("status"))).selectByValue("out-of-office");
        WebElement until = dave.findElement(By.name("until"));
        ((JavascriptExecutor) admin).executeScript("arguments[0].value = '2020-01-01T10:00'", until);
        dave.findElement(By.cssSelector("form.availability button[type=submit]")).click();
        waiting(admin, Duration.ofSeconds(5)).until(d -> !admin.findElement(By.id("avail-dave-until-error")).getText().isEmpty());
        assertThat(admin.findElement(By.id("avail-dave-until-error")).getText()).isEqualTo("must be in the future");
        assertThat(admin.findElement(By.id("avail-dave-until")).getAttribute("aria-invalid")).isEqualTo("true");

        ((JavascriptExecutor) admin).executeScript("arguments[0].value = ''", admin.findElement(By.id("avail-dave-until")));
        new Select(admin.findElement(By.id("avail-dave-status"))).selectByValue("paused");
        admin.findElement(By.cssSelector("[data-rep-id=dave] form.availability button[type=submit]")).click();
        waiting(admin, Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector("[data-rep-id=dave] .status-line")).getText()
                .contains("paused"));
        assertThat(admin.findElement(By.cssSelector("[data-rep-id=dave] .status-line")).getText()).contains("changed by admin");
        assertThat(json.readTree(call("GET", "/api/reps/dave", ADMIN_TOKEN, null).body()).path("availability").path("status").asText())
                .isEqualTo("paused");
        assertThat(call("PUT", "/api/reps/dave/availability", ADMIN_TOKEN, "{\"status\":\"available\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void theWhatIfShowsPolicyProblemsBesideTheFieldAndPerRepDifferences() throws Exception {
        for (int i = 0; i < 4; i++) {
            postLead("{\"email\":\"whatif-" + UUID.randomUUID() + "@example.com\",\"company\":\"What If Co\"}");
        }
        signedIn();
        admin.get(uri("/#/whatif").toString());
        WebElement policy = visible(admin, By.id("whatif-policy"));
        ((JavascriptExecutor) admin).executeScript("arguments[0].value = arguments[1]", policy, "teams: [");
        admin.findElement(By.cssSelector("form[aria-label=What-if] button[type=submit]")).click();
        waiting(admin, Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("whatif-policy-error")).getText().isEmpty());

        String proposed = Files.readString(Path.of("src/test/resources/policy/console-test.yaml"))
                .replace("then: { push: { team: inside, strategy: round-robin } }", "then: { push: { team: sales, strategy: round-robin } }");
        ((JavascriptExecutor) admin).executeScript("arguments[0].value = arguments[1]", policy, proposed);
        admin.findElement(By.cssSelector("form[aria-label=What-if] button[type=submit]")).click();
        visible(admin, By.cssSelector("#chart-whatif[data-rendered=true] canvas"));
        String results = admin.findElement(By.id("whatif-results")).getText();
        assertThat(results).contains("would go elsewhere").contains("alice").contains("carol");
        assertThat(admin.findElement(By.id("whatif-policy-error")).getText()).isEmpty();
        assertNoConsoleErrors(admin);
    }

    @Test
    void everyPageReflowsAtTwoHundredPercentZoomWithoutSidewaysScrolling() throws Exception {
        String leadId = campaignLead("pull", "Zoom Ltd");
        signedIn();
        // 200% zoom of a 1280 px wide window lays pages out in 640 CSS pixels
        admin.manage().window().setSize(new org.openqa.selenium.Dimension(640, 900));
        try {
            for (String view : List.of("overview", "leads", "leads/" + leadId, "rejections", "deadletters", "reps", "policy", "whatif")) {
                admin.get(uri("/#/" + view).toString());
                visible(admin, By.id("page-title"));
                waiting(admin, Duration.ofSeconds(5)).until(d -> fitsWidth(d));
            }
        } finally {
            admin.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    @Test
    void swaggerUiRendersTheApiOfflineUnderTheContentSecurityPolicy() {
        admin.get(uri("/api/docs").toString());
        visible(admin, By.cssSelector(".opblock-tag"));
        assertThat(admin.findElement(By.tagName("body")).getText()).contains("leadrouter API").contains("board");
        assertNoConsoleErrors(admin);
    }
}
