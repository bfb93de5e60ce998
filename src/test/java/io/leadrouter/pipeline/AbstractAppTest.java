package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.LeadRouterApplication;
import io.leadrouter.testing.FakeHubSpot;
import io.leadrouter.testing.FakeSalesforce;
import io.leadrouter.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port with in-memory H2, reading the repo's routes/, mappings/ and
 * policy/, and Salesforce write-back on against WireMock (the real camel-salesforce logs in and calls REST).
 * Subclasses share one Spring context.
 */
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = LeadRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractAppTest {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final FakeSalesforce SALESFORCE = FakeSalesforce.start();
    static final FakeHubSpot HUBSPOT = FakeHubSpot.start();
    static final String HUBSPOT_SECRET = "test-hubspot-client-secret";
    static final String HUBSPOT_PUBLIC_URL = "https://leads.example.com/intake/hook-hubspot";
    static final String SALESFORCE_ORG = "00D5g000004ZxQvEAK";
    /** WireMock playing Meta's Graph API for the hook-meta-leadgen enricher. */
    static final com.github.tomakehurst.wiremock.WireMockServer GRAPH = startGraph();
    static final String TYPEFORM_SECRET = "test-typeform-secret";
    static final String META_APP_SECRET = "test-meta-app-secret";
    static final String META_VERIFY_TOKEN = "test-meta-verify-token";
    static final String META_ACCESS_TOKEN = "test-meta-page-access-token";
    static final String GOOGLE_ADS_KEY = "test-google-ads-key";
    static final String GRAVITY_FORMS_SECRET = "test-gravity-forms-secret";
    static final String CF7_THANK_YOU = "https://www.example.com/thank-you/";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = TempDirs.create("leadrouter-test-data");
        // a subclass with its own context names its database with leadrouter.test.database: a subclass's dynamic
        // properties are registered before these, so registering spring.datasource.url there would be overwritten
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:${leadrouter.test.database:apptest};DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        // a subclass on another database (PostgreSQL) names its JDBC URL with leadrouter.test.jdbc-url
        registry.add("spring.datasource.url", () -> "${leadrouter.test.jdbc-url:jdbc:h2:mem:${leadrouter.test.database:apptest};DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}");
        registry.add("leadrouter.data-dir", data::toString);
        registry.add("leadrouter.sources.form-website.rate-limit", () -> "0");
        registry.add("leadrouter.processing.map-retry-delay", () -> "PT0.2S");
        registry.add("leadrouter.sources.hook-typeform.secret", () -> TYPEFORM_SECRET);
        registry.add("leadrouter.sources.hook-meta-leadgen.secret", () -> META_APP_SECRET);
        registry.add("leadrouter.sources.hook-meta-leadgen.verify-token", () -> META_VERIFY_TOKEN);
        registry.add("leadrouter.sources.hook-meta-leadgen.access-token", () -> META_ACCESS_TOKEN);
        registry.add("leadrouter.sources.hook-meta-leadgen.graph-url", () -> GRAPH.baseUrl() + "/v21.0");
        registry.add("leadrouter.sources.hook-google-ads.secret", () -> GOOGLE_ADS_KEY);
        registry.add("leadrouter.sources.hook-gravity-forms.secret", () -> GRAVITY_FORMS_SECRET);
        registry.add("leadrouter.sources.form-contact-form-7.rate-limit", () -> "0");
        registry.add("leadrouter.sources.form-contact-form-7.thank-you-url", () -> CF7_THANK_YOU);
        registry.add("leadrouter.security.admin-token", () -> ADMIN_TOKEN);
        registry.add("leadrouter.sources.hook-hubspot.secret", () -> HUBSPOT_SECRET);
        registry.add("leadrouter.sources.hook-hubspot.public-url", () -> HUBSPOT_PUBLIC_URL);
        registry.add("leadrouter.crm.hubspot.base-url", HUBSPOT::baseUrl);
        registry.add("leadrouter.crm.hubspot.token", () -> FakeHubSpot.TOKEN);
        registry.add("leadrouter.sources.hook-salesforce-outbound.organization-ids", () -> SALESFORCE_ORG);
        registry.add("leadrouter.crm.salesforce.enabled", () -> "true");
        registry.add("leadrouter.crm.salesforce.poll-interval", () -> "PT0.1S");
        registry.add("leadrouter.crm.salesforce.probe-interval", () -> "PT0.2S");
        registry.add("leadrouter.crm.salesforce.circuit-open-for", () -> "PT0.5S");
        registry.add("leadrouter.crm.salesforce.limit-backoff", () -> "PT0.5S");
        registry.add("camel.component.salesforce.login-url", SALESFORCE::baseUrl);
        registry.add("camel.component.salesforce.authentication-type", () -> "USERNAME_PASSWORD");
        registry.add("camel.component.salesforce.client-id", () -> "test-client-id");
        registry.add("camel.component.salesforce.client-secret", () -> "test-client-secret");
        registry.add("camel.component.salesforce.user-name", () -> "integration@example.com");
        registry.add("camel.component.salesforce.password", () -> "test-password");
    }

    private static com.github.tomakehurst.wiremock.WireMockServer startGraph() {
        com.github.tomakehurst.wiremock.WireMockServer server = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        server.start();
        return server;
    }

    /** Any API call: {@code token} as a bearer token (none when null), {@code body} as JSON (none when null). */
    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new token for the rep, issued through the admin API. */
    String token(String repId) throws Exception {
        HttpResponse<String> r = call("POST", "/api/reps/" + repId + "/tokens", ADMIN_TOKEN, "{\"label\":\"test\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).path("token").asText();
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode lead(String leadId) throws Exception {
        return json.readTree(get("/api/leads/" + leadId, ADMIN_TOKEN).body());
    }

    String postLead(String jsonBody) throws Exception {
        HttpResponse<String> response = post("/intake/form-website", "application/json", jsonBody);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body()).path("leadId").asText();
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
