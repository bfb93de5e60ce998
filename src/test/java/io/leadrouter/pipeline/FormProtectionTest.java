package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.LeadRouterApplication;
import io.leadrouter.testing.MutableClock;
import io.leadrouter.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web-form protections of a source, over HTTP: per-address rate limit (429 with Retry-After), honeypot (answered
 * like a real post, nothing stored), CORS allow-list (preflight and the POST answer), the browser's 303 to the
 * thank-you page, and a kept 422. The clock is moved by hand so the rate-limit window turns without waiting.
 *
 * <p>Its own context rather than {@link AbstractAppTest}'s: a subclass cannot override a property that class registers
 * (its {@code rate-limit=0} would win), and these tests need no Salesforce.
 */
@SpringBootTest(classes = LeadRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FormProtectionTest.HandMovedClock.class)
class FormProtectionTest {
    private static final String FORM = "/intake/form-website";
    private static final String ALLOWED = "https://www.example.com";
    private static final String THANKS = "https://www.example.com/thanks";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void protections(DynamicPropertyRegistry registry) throws IOException {
        Path data = TempDirs.create("leadrouter-form-protection");
        registry.add("leadrouter.data-dir", data::toString);
        registry.add("leadrouter.security.admin-token", () -> "form-protection-admin-token-0123456789");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:formprotectiontest;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("camel.component.servlet.servlet-name", () -> "FormProtectionTestServlet");
        registry.add("leadrouter.sources.form-website.rate-limit", () -> "3");
        registry.add("leadrouter.sources.form-website.honeypot", () -> "website_url");
        registry.add("leadrouter.sources.form-website.allowed-origins", () -> ALLOWED + ", https://forms.example.com");
        registry.add("leadrouter.sources.form-website.thank-you-url", () -> THANKS);
    }

    @TestConfiguration
    static class HandMovedClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now());
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    Clock appClock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @LocalServerPort
    int port;

    /** Every test starts in a fresh one-minute window: all requests come from the same address. */
    @BeforeEach
    void nextMinute() {
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void theFourthPostFromOneAddressWithinAMinuteIs429UntilTheMinuteTurns() throws Exception {
        assertThat(appClock).isSameAs(clock);
        for (int i = 0; i < 3; i++) {
            assertThat(post(FORM, "application/json", jsonLead("limited")).statusCode()).isEqualTo(202);
        }
        long stored = submissions();
        HttpResponse<String> limited = post(FORM, "application/json", jsonLead("limited"));
        assertError(limited, 429, "client", "too many submissions");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(submissions()).as("a limited post is not stored").isEqualTo(stored);

        clock.advance(Duration.ofSeconds(61));
        assertThat(post(FORM, "application/json", jsonLead("limited")).statusCode()).isEqualTo(202);
    }

    @Test
    void aFilledHoneypotIsAnsweredLikeARealPostAndNothingIsStored() throws Exception {
        HttpResponse<String> real = post(FORM, "application/json", jsonLead("human"));
        long submissions = submissions();
        long leads = count("inbox");

        String botEmail = "bot-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> bot = post(FORM, "application/json",
                "{\"email\":\"" + botEmail + "\",\"first_name\":\"Bot\",\"website_url\":\"https://spam.example\"}");
        HttpResponse<String> formBot = post(FORM, "application/x-www-form-urlencoded",
                "email=form-" + botEmail.replace("@", "%40") + "&website_url=http%3A%2F%2Fspam.example");

        for (HttpResponse<String> answer : List.of(bot, formBot)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(real.statusCode());
            JsonNode body = json.readTree(answer.body());
            assertThat(iterable(body.fieldNames())).as("same answer shape as a real post")
                    .containsExactlyElementsOf(iterable(json.readTree(real.body()).fieldNames()));
            assertThat(body.path("leadId").asText()).isNotBlank();
        }
        assertThat(submissions()).isEqualTo(submissions);
        assertThat(count("inbox")).isEqualTo(leads);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE email LIKE ?", Long.class, "%" + botEmail)).isZero();

        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> blank = post(FORM, "application/json", "{\"email\":\"blank-honeypot-" + UUID.randomUUID()
                + "@example.com\",\"website_url\":\"  \"}");
        assertThat(blank.statusCode()).as("an empty honeypot is a person").isEqualTo(202);
        assertThat(submissions()).isEqualTo(submissions + 1);
    }

    @Test
    void corsPreflightAndAnswersNameOnlyAllowedOrigins() throws Exception {
        HttpResponse<String> preflight = options(ALLOWED);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Content-Type");
        assertThat(options("https://forms.example.com").headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://forms.example.com");

        HttpResponse<String> foreign = options("https://evil.example");
        assertError(foreign, 403, "Origin", "https://evil.example");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertError(options(null), 403, "Origin", "(none)");

        HttpResponse<String> allowedPost = post(FORM, "application/json", jsonLead("cors"), "Origin", ALLOWED);
        assertThat(allowedPost.statusCode()).isEqualTo(202);
        assertThat(allowedPost.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(allowedPost.headers().firstValue("Vary")).hasValue("Origin");

        HttpResponse<String> foreignPost = post(FORM, "application/json", jsonLead("cors"), "Origin", "https://evil.example");
        assertThat(foreignPost.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> foreignBad = post(FORM, "application/json", "{\"email\":\"nope\"}", "Origin", "https://evil.example");
        assertThat(foreignBad.statusCode()).isEqualTo(422);
        assertThat(foreignBad.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aBrowserPostIsRedirectedToTheThankYouPageAndAnApiPostGetsJson() throws Exception {
        long before = submissions();
        HttpResponse<String> browser = post(FORM, "application/x-www-form-urlencoded",
                "email=browser-" + UUID.randomUUID() + "%40example.com&first_name=Ada",
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(browser.statusCode()).isEqualTo(303);
        assertThat(browser.headers().firstValue("Location")).hasValue(THANKS);
        assertThat(submissions()).isEqualTo(before + 1);

        HttpResponse<String> api = post(FORM, "application/json", jsonLead("api"), "Accept", "application/json");
        assertThat(api.statusCode()).isEqualTo(202);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(api.headers().firstValue("Location")).isEmpty();
        String leadId = json.readTree(api.body()).path("leadId").asText();
        assertThat(jdbc.queryForObject("SELECT source_id FROM inbox WHERE lead_id = ?", String.class, leadId)).isEqualTo("form-website");
    }

    @Test
    void anInvalidPostIs422AndKeptAsARejectionWithItsReasons() throws Exception {
        HttpResponse<String> invalid = post(FORM, "application/x-www-form-urlencoded",
                "email=not-an-email&phone=12&country=Atlantis&first_name=" + UUID.randomUUID(), "Accept", "text/html");
        assertThat(invalid.statusCode()).as("a person with problems to fix is not redirected").isEqualTo(422);
        JsonNode body = json.readTree(invalid.body());
        assertThat(body.path("errors").findValuesAsText("field")).contains("email", "phone", "country");
        String rejectionId = body.path("rejectionId").asText();

        String reasons = jdbc.queryForObject("SELECT reasons FROM rejections WHERE rejection_id = ?", String.class, rejectionId);
        assertThat(json.readTree(reasons).findValuesAsText("field")).contains("email", "phone", "country");
        assertThat(jdbc.queryForObject("SELECT s.source_id FROM rejections r JOIN submissions s ON s.submission_id = r.submission_id"
                + " WHERE r.rejection_id = ?", String.class, rejectionId)).isEqualTo("form-website");
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> options(String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(FORM)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type");
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonLead(String tag) {
        return "{\"email\":\"" + tag + "-" + UUID.randomUUID() + "@example.com\",\"first_name\":\"Ada\"}";
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /** Stored submissions: submissions rows, and web-form posts kept inline on their one lead's row. */
    private long submissions() {
        return count("submissions") + jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE raw_headers IS NOT NULL", Long.class);
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private void assertError(HttpResponse<String> response, int status, String field, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = json.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains(messagePart);
    }
}
