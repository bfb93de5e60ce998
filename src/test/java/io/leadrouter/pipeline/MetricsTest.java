package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.leadrouter.chart.DashboardQueries;
import io.leadrouter.testing.FakeSalesforce;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /actuator/prometheus moves when leads flow: received per source, kept rejections per reason, intake outcomes,
 * decisions per rule and strategy, the submit→decided and submit→written histograms (with their SLO buckets), Camel's
 * metrics for the stage routes, queue gauges; readiness includes the database.
 */
class MetricsTest extends AbstractAppTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)");

    @Test
    void metricsMoveWhenALeadIsReceivedRejectedAndDecided() throws Exception {
        String before = scrape();
        Map<String, String> website = Map.of("source", "form-website");
        double received = sum(before, "leadrouter_leads_received_total", website);
        double rejected = sum(before, "leadrouter_leads_rejected_total", Map.of("source", "form-website", "reason", "email"));
        double accepted = sum(before, "leadrouter_intake_requests_total", Map.of("source", "form-website", "outcome", "accepted"));
        double decisions = sum(before, "leadrouter_decisions_total", Map.of("rule", "everyone", "strategy", "round-robin", "outcome", "assign"));
        double decidedCount = sum(before, "leadrouter_lead_decided_seconds_count", Map.of());
        double decideRuns = sum(before, "camel_exchanges_total", Map.of("routeId", "lead-processor"));

        String leadId = postLead("{\"email\":\"metrics-" + System.nanoTime() + "@example.org\",\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"company\":\"Navy\"}");
        HttpResponse<String> invalid = post("/intake/form-website", "application/json", "{\"email\":\"not-an-email\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ASSIGNED".equals(lead(leadId).path("status").asText()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = scrape();
            assertThat(sum(after, "leadrouter_leads_received_total", website)).isEqualTo(received + 1);
            assertThat(sum(after, "leadrouter_leads_rejected_total", Map.of("source", "form-website", "reason", "email"))).isEqualTo(rejected + 1);
            assertThat(sum(after, "leadrouter_intake_requests_total", Map.of("source", "form-website", "outcome", "accepted"))).isEqualTo(accepted + 1);
            assertThat(sum(after, "leadrouter_decisions_total", Map.of("rule", "everyone", "strategy", "round-robin", "outcome", "assign")))
                    .isGreaterThanOrEqualTo(decisions + 1);
            assertThat(sum(after, "leadrouter_lead_decided_seconds_count", Map.of())).isGreaterThanOrEqualTo(decidedCount + 1);
            assertThat(sum(after, "leadrouter_lead_decided_seconds_bucket", Map.of("le", "+Inf"))).isGreaterThanOrEqualTo(decidedCount + 1);
            assertThat(sum(after, "camel_exchanges_total", Map.of("routeId", "lead-processor"))).isGreaterThan(decideRuns);
            assertThat(sum(after, "camel_exchanges_total", Map.of("routeId", "form-website"))).as("the intake route").isPositive();
            assertThat(sum(after, "camel_route_policy_seconds_count", Map.of("routeId", "sla-sweeper"))).isPositive();
            assertThat(after).contains("leadrouter_queue_depth{").contains("queue=\"inbound-pool\"")
                    .contains("leadrouter_queue_oldest_age_seconds{");
        });
    }

    @Test
    void submitToDecidedAndSubmitToWrittenArePercentileHistogramsWithSloBuckets() throws Exception {
        Map<String, String> salesforce = Map.of("crm", "salesforce");
        String before = scrape();
        double written = sum(before, "leadrouter_crm_written_seconds_count", salesforce);
        double writtenWithin60s = sum(before, "leadrouter_crm_written_seconds_bucket", Map.of("crm", "salesforce", "le", "60.0"));

        String leadId = postLead("{\"email\":\"written-" + System.nanoTime() + "@example.org\",\"last_name\":\"Lamarr\",\"company\":\"MGM\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WRITTEN".equals(write(leadId, "salesforce").path("status").asText()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = scrape();
            assertThat(sum(after, "leadrouter_crm_written_seconds_count", salesforce)).isGreaterThanOrEqualTo(written + 1);
            assertThat(sum(after, "leadrouter_crm_written_seconds_bucket", Map.of("crm", "salesforce", "le", "60.0")))
                    .as("written within a minute of its submission").isGreaterThanOrEqualTo(writtenWithin60s + 1);
            assertThat(sum(after, "leadrouter_crm_written_seconds_sum", salesforce)).isPositive();
            for (String timer : new String[] {"leadrouter_lead_decided_seconds_bucket", "leadrouter_crm_written_seconds_bucket"}) {
                for (String slo : new String[] {"0.1", "0.25", "0.5", "1.0", "2.0", "5.0", "10.0", "30.0"}) {
                    assertThat(after).as("%s has the SLO bucket le=%s", timer, slo).containsPattern(timer + "\\{[^}]*le=\"" + slo + "\"");
                }
                assertThat(after.lines().filter(l -> l.startsWith(timer + "{")).count())
                        .as("%s is a percentile histogram, not only the SLO buckets", timer).isGreaterThan(40);
            }
        });
    }

    @Test
    void readinessIncludesTheDatabase() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(json.readTree(readiness.body()).path("components").path("readinessState").path("status").asText()).isEqualTo("UP");
    }

    /**
     * The shipped Grafana dashboard is honest: every metric any of its queries reads is in a real scrape, taken after a
     * submission was rejected, a lead was decided and written to Salesforce, one refused for good (a dead letter) and
     * one answered 403 REQUEST_LIMIT_EXCEEDED, so that the counters created at their first event have series.
     */
    @Test
    void everyMetricTheShippedDashboardQueriesIsExported() throws Exception {
        String refusedEmail = "dashboard-refused-" + System.nanoTime() + "@example.org";
        SALESFORCE.refuse(refusedEmail, "REQUIRED_FIELD_MISSING");
        String written = postLead("{\"email\":\"dashboard-" + System.nanoTime() + "@example.org\",\"last_name\":\"Board\",\"company\":\"Graf\"}");
        String refused = postLead("{\"email\":\"" + refusedEmail + "\",\"last_name\":\"Board\",\"company\":\"Graf\"}");
        assertThat(post("/intake/form-website", "application/json", "{\"email\":\"not-an-email\"}").statusCode())
                .as("a kept rejection").isEqualTo(422);
        await().atMost(Duration.ofSeconds(20)).until(() -> "WRITTEN".equals(write(written, "salesforce").path("status").asText())
                && "DEAD_LETTER".equals(write(refused, "salesforce").path("status").asText()));
        SALESFORCE.accept(refusedEmail);

        StubMapping limit = SALESFORCE.server().stubFor(patch(urlPathEqualTo(FakeSalesforce.UPSERT)).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-request-limit.json"))));
        String limited;
        try {
            limited = postLead("{\"email\":\"dashboard-limited-" + System.nanoTime() + "@example.org\",\"last_name\":\"Board\",\"company\":\"Graf\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> sum(scrape(), "leadrouter_crm_rate_limited_total", Map.of("crm", "salesforce")) > 0);
        } finally {
            SALESFORCE.server().removeStub(limit);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "WRITTEN".equals(write(limited, "salesforce").path("status").asText()));

        Set<String> queried = DashboardQueries.metricNames(json.readTree(Path.of("helm/leadrouter/dashboards/leadrouter.json").toFile()));
        assertThat(queried).as("the extraction finds the dashboard's metrics").contains("leadrouter_leads_received_total",
                "leadrouter_lead_decided_seconds_bucket", "camel_exchanges_total", "leadrouter_crm_written_seconds_bucket",
                "leadrouter_crm_circuit_state", "leadrouter_crm_dead_letters_total", "leadrouter_crm_rate_limited_total");
        Set<String> exported = exportedNames(scrape());
        assertThat(queried.stream().filter(name -> !exported.contains(name)).toList())
                .as("metrics the dashboard queries that /actuator/prometheus does not export (it exports %s)", exported).isEmpty();
    }

    private JsonNode write(String leadId, String crm) throws Exception {
        for (JsonNode w : lead(leadId).path("crm")) {
            if (w.path("crm").asText().equals(crm)) {
                return w;
            }
        }
        return json.missingNode();
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The names of the samples in a Prometheus exposition. */
    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    static double sum(String exposition, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals(name)) {
                continue;
            }
            String labelText = m.group(3) == null ? "" : m.group(3);
            boolean matches = labels.entrySet().stream()
                    .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (matches) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }
}
