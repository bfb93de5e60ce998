package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.leadrouter.testing.FakeSalesforce;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Salesforce's limits at the wire: 403 REQUEST_LIMIT_EXCEEDED stops the writer (no call until the back-off passed, on
 * every replica) and raises the alert in health, metrics and the log; UNABLE_TO_LOCK_ROW is retried; the write-back
 * meters move.
 */
@ExtendWith(OutputCaptureExtension.class)
class SalesforceLimitsTest extends AbstractAppTest {
    /** leadrouter.crm.salesforce.limit-backoff as AbstractAppTest sets it for every app test. */
    private static final Duration LIMIT_BACKOFF = Duration.ofMillis(500);

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("crmHealthIndicator")
    HealthIndicator crmHealth;

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "salesforcelimits");
        registry.add("camel.component.servlet.servlet-name", () -> "SalesforceLimitsTestServlet");
        registry.add("leadrouter.crm.salesforce.retry-delay", () -> "PT0.3S");
        registry.add("leadrouter.crm.salesforce.max-retry-delay", () -> "PT1S");
    }

    @BeforeEach
    void resetSalesforce() {
        SALESFORCE.reset();
    }

    @Test
    void requestLimitStopsTheWriterUntilTheBackOffPassedRaisesTheAlertAndWritesResume(CapturedOutput log) throws Exception {
        double limitedBefore = count("leadrouter.crm.rate.limited", Map.of());
        StubMapping limit = SALESFORCE.server().stubFor(patch(urlPathEqualTo(FakeSalesforce.UPSERT)).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-request-limit.json"))));
        String first = postLead("{\"email\":\"limit-1-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> crm().path("limited").asBoolean());
        String second = postLead("{\"email\":\"limit-2-" + UUID.randomUUID() + "@example.com\"}");
        JsonNode status = crm();
        assertThat(status.path("paused").asBoolean()).as("a limit is not a broken connection").isFalse();
        assertThat(status.path("reason").asText()).contains("403", "REQUEST_LIMIT_EXCEEDED");
        Health health = crmHealth.health();
        assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.getDetails()).containsKey("salesforceLimited");
        assertThat(health.getDetails().get("salesforceLimited").toString()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(json.readTree(get("/actuator/health", null).body()).path("components").path("crm").path("status").asText())
                .isEqualTo("DOWN");
        assertThat(count("leadrouter.crm.rate.limited", Map.of())).isGreaterThan(limitedBefore);
        assertThat(meters.get("leadrouter.crm.writer.limited").tag("crm", "salesforce").gauge().value()).isEqualTo(1);
        JsonNode pending = write(first);
        assertThat(pending.path("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("attempts").asInt()).as("the org's limit is no record's failure").isZero();
        assertThat(pending.path("detail").asText()).contains("REQUEST_LIMIT_EXCEEDED");

        SALESFORCE.server().removeStub(limit);
        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(first).path("status").asText())
                && "WRITTEN".equals(write(second).path("status").asText()));

        List<ServeEvent> calls = SALESFORCE.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(FakeSalesforce.UPSERT))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(calls.get(0).getResponse().getStatus()).isEqualTo(403);
        for (int i = 0; i + 1 < calls.size(); i++) {
            if (calls.get(i).getResponse().getStatus() == 403) {
                long gap = calls.get(i + 1).getRequest().getLoggedDate().getTime() - calls.get(i).getRequest().getLoggedDate().getTime();
                assertThat(gap).as("nothing is sent for limit-backoff after a 403 REQUEST_LIMIT_EXCEEDED")
                        .isGreaterThanOrEqualTo(LIMIT_BACKOFF.toMillis());
            }
        }
        assertThat(crm().path("limited").asBoolean()).isFalse();
        assertThat(meters.get("leadrouter.crm.writer.limited").tag("crm", "salesforce").gauge().value()).isZero();
        assertThat(log.getOut().split("salesforce writer LIMITED", -1)).as("logged once per change of state").hasSize(2);
        assertThat(log.getOut()).contains("salesforce writer resumed after being LIMITED");
    }

    @Test
    void unableToLockRowIsRetriedAndThenWritten() throws Exception {
        String email = "locked-" + UUID.randomUUID() + "@example.com";
        SALESFORCE.refuse(email, "UNABLE_TO_LOCK_ROW");
        String leadId = postLead("{\"email\":\"" + email + "\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> write(leadId).path("attempts").asInt() >= 1
                && write(leadId).path("detail").asText().contains("UNABLE_TO_LOCK_ROW"));
        assertThat(write(leadId).path("status").asText()).isEqualTo("PENDING");

        SALESFORCE.accept(email);
        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(leadId).path("status").asText()));
        assertThat(SALESFORCE.records(leadId)).as("written once, when the row was free").hasSize(1);
        assertThat(SALESFORCE.server().findAll(patchRequestedFor(urlPathEqualTo(FakeSalesforce.UPSERT))).size()).isGreaterThanOrEqualTo(2);
        assertThat(get("/api/deadletters?crm=salesforce&open=true", ADMIN_TOKEN).body()).doesNotContain(leadId);
    }

    @Test
    void writeBackMetersMove() throws Exception {
        double ok = count("leadrouter.crm.calls", Map.of("crm", "salesforce"));
        double written = count("leadrouter.crm.records", Map.of("crm", "salesforce", "result", "written"));
        double dead = count("leadrouter.crm.dead.letters", Map.of("crm", "salesforce"));
        double refused = count("leadrouter.crm.errors", Map.of("crm", "salesforce", "kind", "refused"));
        String email = "refused-" + UUID.randomUUID() + "@example.com";
        SALESFORCE.refuse(email, "REQUIRED_FIELD_MISSING");
        String bad = postLead("{\"email\":\"" + email + "\"}");
        String good = postLead("{\"email\":\"fine-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(good).path("status").asText())
                && "DEAD_LETTER".equals(write(bad).path("status").asText()));
        assertThat(count("leadrouter.crm.calls", Map.of("crm", "salesforce"))).isGreaterThan(ok);
        assertThat(count("leadrouter.crm.records", Map.of("crm", "salesforce", "result", "written"))).isGreaterThanOrEqualTo(written + 1);
        assertThat(count("leadrouter.crm.dead.letters", Map.of("crm", "salesforce"))).isEqualTo(dead + 1);
        assertThat(count("leadrouter.crm.errors", Map.of("crm", "salesforce", "kind", "refused"))).isEqualTo(refused + 1);
        assertThat(meters.get("leadrouter.crm.outbox.depth").tag("crm", "salesforce").gauge().value()).isZero();
        assertThat(meters.get("leadrouter.crm.circuit.state").tag("crm", "salesforce").gauge().value()).isZero();
        assertThat(meters.get("leadrouter.crm.writer.paused").tag("crm", "salesforce").gauge().value()).isZero();
    }

    private double count(String name, Map<String, String> tags) {
        Search search = meters.find(name);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private JsonNode crm() throws Exception {
        return json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms").path("salesforce");
    }

    private JsonNode write(String leadId) throws Exception {
        for (JsonNode w : lead(leadId).path("crm")) {
            if (w.path("crm").asText().equals("salesforce")) {
                return w;
            }
        }
        return json.missingNode();
    }
}
