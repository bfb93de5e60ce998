package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the console and board rely on, at the HTTP level: the OpenAPI description with its bearer scheme and Swagger
 * UI served offline, the strict Content Security Policy on the pages, the overview and policy endpoints, and the
 * board's event stream — which tells a partner that an offer moved without ever carrying personal fields.
 */
class ConsoleApiTest extends AbstractAppTest {

    @DynamicPropertySource
    static void consolePolicy(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "consoleapitest");
        registry.add("leadrouter.policy-file", () -> "src/test/resources/policy/console-test.yaml");
        registry.add("camel.component.servlet.servlet-name", () -> "ConsoleApiTestServlet");
    }

    String campaignLead(String campaign, String email) throws Exception {
        String id = postLead("{\"email\":\"" + email + "\",\"first_name\":\"Jo\",\"last_name\":\"Secret\",\"phone\":\"+4930123456\","
                + "\"company\":\"Acme\",\"country\":\"DE\",\"utm_campaign\":\"" + campaign + "\"}");
        await().until(() -> !"RECEIVED".equals(lead(id).path("status").asText()));
        return id;
    }

    @Test
    void theApiIsDescribedWithABearerSchemeAndSwaggerUiIsServedFromTheJar() throws Exception {
        HttpResponse<String> docs = get("/api/openapi", null);
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        JsonNode openapi = json.readTree(docs.body());
        assertThat(openapi.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(openapi.path("security").toString()).contains("bearer");
        assertThat(openapi.path("paths").has("/api/leads/{leadId}")).isTrue();
        assertThat(openapi.path("paths").has("/api/queues/{queueId}/leads/{leadId}/claim")).isTrue();
        assertThat(openapi.path("paths").has("/api/overview")).isTrue();
        assertThat(openapi.path("paths").has("/api/board/events")).isTrue();
        assertThat(openapi.path("paths").fieldNames()).toIterable().allMatch(p -> p.startsWith("/api/"));

        HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(uri("/api/docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(302);
        String location = ui.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> index = get(location.replaceFirst("^https?://[^/]+", ""), null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("swagger-ui-bundle.js").doesNotContain("//cdn").doesNotContain("unpkg");
        HttpResponse<String> config = get("/api/openapi/swagger-config", null);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/api/openapi");
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndLoadOnlyLocalAssets() throws Exception {
        for (String page : List.of("/", "/board")) {
            HttpResponse<String> r = get(page, null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContain("http://")
                    .doesNotContain("https://");
        }
        assertThat(get("/webjars/echarts/dist/echarts.esm.min.js", null).statusCode()).isEqualTo(200);
    }

    @Test
    void overviewAndPolicyAreForAdminsOnly() throws Exception {
        postLead("{\"email\":\"overview-" + UUID.randomUUID() + "@example.com\",\"company\":\"Overview Co\"}");
        JsonNode overview = json.readTree(call("GET", "/api/overview?hours=24", ADMIN_TOKEN, null).body());
        assertThat(overview.path("leadsPerSource").path("hours")).hasSize(24);
        JsonNode website = null;
        for (JsonNode s : overview.path("leadsPerSource").path("series")) {
            if (s.path("sourceId").asText().equals("form-website")) {
                website = s;
            }
        }
        assertThat(website).as(overview.toString()).isNotNull();
        assertThat(website.path("counts").get(23).asLong()).isPositive();
        await().untilAsserted(() -> assertThat(json.readTree(call("GET", "/api/overview", ADMIN_TOKEN, null).body())
                .path("decisionsPerStrategy").path("round-robin").asLong()).isPositive());
        assertThat(overview.path("firstTouch").path("buckets")).hasSize(6);
        assertThat(call("GET", "/api/overview?hours=0", ADMIN_TOKEN, null).body()).contains("\"field\":\"hours\"");

        JsonNode policy = json.readTree(call("GET", "/api/policy", ADMIN_TOKEN, null).body());
        assertThat(policy.path("rules").findValuesAsText("id")).containsExactly("pull", "partner", "everyone");
        assertThat(policy.path("rules").get(2).path("then").asText()).contains("round-robin");
        assertThat(policy.path("ladders").get(0).path("steps").size()).isEqualTo(2);

        String queued = campaignLead("pull", "filter-" + UUID.randomUUID() + "@example.com");
        String alice = token("alice");
        assertThat(call("POST", "/api/queues/pool/leads/" + queued + "/claim", alice, null).statusCode()).isEqualTo(200);
        String since = java.time.Instant.now().minusSeconds(3600).toString();
        assertThat(json.readTree(call("GET", "/api/leads?rep=alice&queue=pool&from=" + since, ADMIN_TOKEN, null).body())
                .path("leads").findValuesAsText("leadId")).contains(queued);
        assertThat(json.readTree(call("GET", "/api/leads?rep=bob", ADMIN_TOKEN, null).body())
                .path("leads").findValuesAsText("leadId")).doesNotContain(queued);
        assertThat(call("GET", "/api/leads?from=yesterday", ADMIN_TOKEN, null).body()).contains("\"field\":\"from\"");

        String rep = token("alice");
        HttpResponse<String> refused = call("GET", "/api/overview", rep, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/overview", "wrong", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theBoardStreamTellsEveryBoardAboutAClaimButNeverCarriesPersonalFields() throws Exception {
        String pia = token("pia");
        String alice = token("alice");
        List<String> partnerLines = new CopyOnWriteArrayList<>();
        List<String> repLines = new CopyOnWriteArrayList<>();
        Thread partnerReader = stream(pia, partnerLines);
        Thread repReader = stream(alice, repLines);
        try {
            await().until(() -> partnerLines.contains("event:ready") && repLines.contains("event:ready"));
            String email = "stream-" + UUID.randomUUID() + "@example.com";
            String offered = campaignLead("partner", email);
            String queued = campaignLead("pull", "pull-" + email);

            HttpResponse<String> offers = call("GET", "/api/partners/me/offers", pia, null);
            assertThat(offers.body()).contains(offered).contains("Acme").doesNotContain(email).doesNotContain("Secret")
                    .doesNotContain("4930123456");
            assertThat(call("POST", "/api/queues/pool/leads/" + queued + "/claim", alice, null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).until(() -> partnerLines.stream().anyMatch(l -> l.contains(queued) && l.contains("CLAIMED")));
            assertThat(call("POST", "/api/offers/" + offered + "/accept", pia, null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).until(() -> repLines.stream().anyMatch(l -> l.contains(offered)));
            await().atMost(Duration.ofSeconds(5)).until(() -> partnerLines.contains("event:refresh"));

            assertThat(String.join("\n", partnerLines)).doesNotContain(email).doesNotContain("Secret").doesNotContain("Acme")
                    .doesNotContain("4930123456");
            assertThat(String.join("\n", repLines)).doesNotContain(email).doesNotContain("Secret");
        } finally {
            partnerReader.interrupt();
            repReader.interrupt();
        }
        assertThat(get("/api/board/events", null).statusCode()).isEqualTo(401);
    }

    private Thread stream(String token, List<String> lines) {
        Thread reader = new Thread(() -> {
            try {
                HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(uri("/api/board/events"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while (!Thread.currentThread().isInterrupted() && (line = in.readLine()) != null) {
                        lines.add(line);
                    }
                }
            } catch (Exception e) {
                lines.add("closed: " + e);
            }
        }, "board-stream-" + token.substring(0, 8));
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
