package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** The intake and admin HTTP contracts: acknowledgements, idempotency, every 4xx as JSON naming the problem. */
class IntakeApiTest extends AbstractAppTest {

    @Autowired
    @Qualifier("leadInternalHeaders")
    Processor internalHeaders;

    @Autowired
    CamelContext camel;

    @Test
    void aRequestsHeadersNamedLikeTheRoutesOwnAreDroppedWhateverTheirCase() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("LeadRouterMode", "MAP_LATER");
        exchange.getMessage().setHeader("leadrouter-anything", "x");
        exchange.getMessage().setHeader("Content-Type", "application/json");
        exchange.getMessage().setHeader("X-LeadRouter", "kept: only the prefix is the route's");
        internalHeaders.process(exchange);
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys("Content-Type", "X-LeadRouter");
    }

    @Autowired
    org.springframework.web.filter.RequestContextFilter requestContextFilter;

    @Autowired
    org.springframework.boot.web.servlet.ServletRegistrationBean<org.apache.camel.component.servlet.CamelHttpTransportServlet> intakeServlet;

    @Test
    void theIntakeServletFindsRoutesByExactPathWithoutRestTemplateMatching() {
        org.apache.camel.http.common.ServletResolveConsumerStrategy resolver = intakeServlet.getServlet().getServletResolveConsumerStrategy();
        assertThat(resolver).isInstanceOf(LeadRouterConfiguration.ExactPathResolver.class);
        var consumers = intakeServlet.getServlet().getConsumers();
        org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest("POST", "/intake/form-website");
        request.setPathInfo("/form-website");
        assertThat(resolver.resolve(request, consumers).getEndpoint().getEndpointUri()).startsWith("servlet:/form-website?");
        request.setPathInfo("/form-websit");
        assertThat(resolver.resolve(request, consumers)).isNull();
        assertThat(LeadRouterConfiguration.ExactPathResolver.samePath("/form-website", "form-website")).isTrue();
        assertThat(LeadRouterConfiguration.ExactPathResolver.samePath("/form-website", "/form-website")).isTrue();
        assertThat(LeadRouterConfiguration.ExactPathResolver.samePath("/form-website", "form-websites")).isFalse();
    }

    @Test
    void springsRequestContextStepsAsideForIntakeOnly() throws Exception {
        java.util.List<Object> seen = new java.util.ArrayList<>();
        jakarta.servlet.FilterChain capture = (request, response) ->
                seen.add(java.util.Objects.requireNonNullElse(
                        org.springframework.web.context.request.RequestContextHolder.getRequestAttributes(), "none"));
        requestContextFilter.doFilter(new org.springframework.mock.web.MockHttpServletRequest("POST", "/intake/form-website"),
                new org.springframework.mock.web.MockHttpServletResponse(), capture);
        requestContextFilter.doFilter(new org.springframework.mock.web.MockHttpServletRequest("GET", "/api/leads"),
                new org.springframework.mock.web.MockHttpServletResponse(), capture);
        assertThat(seen.get(0)).as("intake: Camel's servlet needs no Spring request context").isEqualTo("none");
        assertThat(seen.get(1)).isInstanceOf(org.springframework.web.context.request.ServletRequestAttributes.class);
    }

    @Test
    void jsonLeadIsAcknowledgedMappedAndAssignedWithATrace() throws Exception {
        String leadId = postLead("""
                {"email":" Grace.Hopper@Example.COM ","phone":"(415) 555-0132","first_name":"Grace",
                 "last_name":"Hopper","company":"Navy","country":"United States","message":"Call me"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("status").asText().equals("ASSIGNED"));
        JsonNode view = lead(leadId);
        assertThat(view.path("lead").path("email").asText()).isEqualTo("grace.hopper@example.com");
        assertThat(view.path("lead").path("phone").asText()).isEqualTo("+14155550132");
        assertThat(view.path("lead").path("country").asText()).isEqualTo("US");
        assertThat(view.path("decision").path("ruleId").asText()).isNotBlank();
        assertThat(view.path("decision").path("repId").asText()).isNotBlank();
        assertThat(view.path("decision").path("trace").path("summary").asText()).contains("round robin");
    }

    @Test
    void urlencodedAndMultipartFormsAreAccepted() throws Exception {
        HttpResponse<String> form = post("/intake/form-website", "application/x-www-form-urlencoded",
                "email=form%40example.com&first_name=Ad%C3%A8le&last_name=Lovelace&country=GB&utm_source=a&utm_source=b");
        assertThat(form.statusCode()).as(form.body()).isEqualTo(202);
        String formLead = json.readTree(form.body()).path("leadId").asText();
        assertThat(lead(formLead).path("lead").path("lastName").asText()).isEqualTo("Lovelace");
        assertThat(lead(formLead).path("lead").path("firstName").asText()).isEqualTo("Adèle");
        assertThat(lead(formLead).path("submitted").path("utm_source")).hasSize(2);

        String boundary = "----leadrouter" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nmulti@example.com\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"company\"\r\n\r\nAnalytical Engines\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> multi = post("/intake/form-website", "multipart/form-data; boundary=" + boundary, multipart);
        assertThat(multi.statusCode()).as(multi.body()).isEqualTo(202);
        String multiLead = json.readTree(multi.body()).path("leadId").asText();
        assertThat(lead(multiLead).path("lead").path("company").asText()).isEqualTo("Analytical Engines");
    }

    @Test
    void sameSubmissionTwiceIsOneLead() throws Exception {
        String body = "{\"email\":\"twice-" + UUID.randomUUID() + "@example.com\"}";
        String first = postLead(body);
        HttpResponse<String> again = post("/intake/form-website", "application/json", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("leadId").asText()).isEqualTo(first);

        String key = "key-" + UUID.randomUUID();
        HttpResponse<String> keyed = post("/intake/form-website", "application/json", "{\"email\":\"k1@example.com\"}", "Idempotency-Key", key);
        HttpResponse<String> keyedAgain = post("/intake/form-website", "application/json", "{\"email\":\"k2@example.com\"}", "Idempotency-Key", key);
        assertThat(keyed.statusCode()).isEqualTo(202);
        assertThat(keyedAgain.statusCode()).isEqualTo(200);
        assertThat(json.readTree(keyedAgain.body()).path("leadId")).isEqualTo(json.readTree(keyed.body()).path("leadId"));
    }

    @Test
    void invalidLeadIs422WithEveryFieldProblem() throws Exception {
        HttpResponse<String> response = post("/intake/form-website", "application/json",
                "{\"email\":\"not-an-email\",\"phone\":\"12\",\"country\":\"Atlantis\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode errors = json.readTree(response.body()).path("errors");
        assertThat(errors.findValuesAsText("field")).contains("email", "phone", "country");
        assertThat(errors.get(0).path("message").asText()).isNotBlank();
    }

    @Test
    void badRequestsGetJsonErrorsNamingTheProblem() throws Exception {
        assertError(post("/intake/form-website", "application/json", "{\"email\": "), 400, "body", "malformed JSON");
        assertError(post("/intake/form-website", "text/plain", "hello"), 415, "Content-Type", "text/plain");
        assertError(post("/intake/no-such-form", "application/json", "{}"), 404, "sourceId", "no-such-form");
        assertError(post("/intake/form-website", "application/json", "{\"m\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413, "body", "limit");
        assertError(post("/intake/form-website", "application/json", "{\"email\":\"a@example.com\"}", "Idempotency-Key", " "),
                400, "Idempotency-Key", "visible");
        assertError(get("/intake/form-website", null), 405, "method", "POST");
        assertThat(post("/intake/form-website", "application/json", "{\"email\":\"still-serving@example.com\"}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void chunkedBodiesAreLimitedToo() throws Exception {
        byte[] big = ("{\"m\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooBig = HTTP.send(HttpRequest.newBuilder(uri("/intake/form-website"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(tooBig, 413, "body", "limit");

        byte[] small = "{\"email\":\"chunked@example.com\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(uri("/intake/form-website"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isIn(200, 202);
    }

    @Test
    void callerCannotPickTheSourceThroughHeaders() throws Exception {
        HttpResponse<String> response = post("/intake/form-website", "application/json",
                "{\"email\":\"header-" + UUID.randomUUID() + "@example.com\"}", "LeadRouterSource", "other-source",
                "CamelHttpResponseCode", "200");
        assertThat(response.statusCode()).isEqualTo(202);
        String leadId = json.readTree(response.body()).path("leadId").asText();
        assertThat(lead(leadId).path("sourceId").asText()).isEqualTo("form-website");
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("leadrouter"));
    }

    @Test
    void adminApiNeedsTheBearerToken() throws Exception {
        String leadId = postLead("{\"email\":\"secret-" + UUID.randomUUID() + "@example.com\"}");
        assertError(get("/api/leads/" + leadId, null), 401, "Authorization", "missing bearer token");
        assertError(get("/api/leads/" + leadId, "wrong-token"), 401, "Authorization", "neither the admin token nor a rep token");
        assertError(get("/api/leads/00000000-0000-7000-8000-000000000000", ADMIN_TOKEN), 404, "leadId", "no lead");
        assertThat(get("/api/leads/" + leadId, ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void readinessIsUp() throws Exception {
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    private void assertError(HttpResponse<String> response, int status, String field, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = json.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains(messagePart);
    }
}
