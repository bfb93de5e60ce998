package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.http.HttpResponse;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leadrouter.testing.FakeSalesforce;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Salesforce write-back through the real camel-salesforce component (login, session renewal, REST) against
 * WireMock at the wire: sObject Collections upsert by our external id, with the owner and auto-assign off.
 */
class SalesforceWriteBackTest extends AbstractAppTest {

    @BeforeEach
    void resetSalesforce() {
        SALESFORCE.reset();
    }

    @Test
    void assignedLeadIsUpsertedByExternalIdWithOwnerAndAutoAssignOff() throws Exception {
        String leadId = postLead("{\"email\":\"sf-" + UUID.randomUUID() + "@example.com\",\"first_name\":\"Linus\",\"company\":\"Kernel\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> !SALESFORCE.records(leadId).isEmpty());
        JsonNode record = SALESFORCE.records(leadId).get(0);
        LoggedRequest request = requestCarrying(leadId);
        String owner = lead(leadId).path("decision").path("owners").path("salesforce").asText();
        assertThat(owner).startsWith("005");
        assertThat(request.getUrl()).isEqualTo(FakeSalesforce.UPSERT);
        assertThat(request.getHeader("Sforce-Auto-Assign")).isEqualTo("FALSE");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer 00D000000000001!AQ0AQFakeAccessTokenForTests");
        assertThat(json.readTree(request.getBodyAsString()).path("allOrNone").asBoolean(true)).isFalse();
        assertThat(record.path("attributes").path("type").asText()).isEqualTo("Lead");
        assertThat(record.path(FakeSalesforce.EXTERNAL_ID).asText()).isEqualTo(leadId);
        assertThat(record.path("OwnerId").asText()).isEqualTo(owner);
        assertThat(record.path("FirstName").asText()).isEqualTo("Linus");
        assertThat(record.path("Company").asText()).isEqualTo("Kernel");
        assertThat(record.path("LastName").asText()).isEqualTo("[not provided]");
        assertThat(record.has("Phone")).as("absent fields are left out, never sent as null").isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        JsonNode write = lead(leadId).path("crm").get(0);
        assertThat(write.path("crm").asText()).isEqualTo("salesforce");
        assertThat(write.path("recordId").asText()).startsWith("00Q");
    }

    @Test
    void consecutiveLeadsRotateThroughTheTeam() throws Exception {
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String leadId = postLead("{\"email\":\"rotate-" + i + "-" + UUID.randomUUID() + "@example.com\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> !SALESFORCE.records(leadId).isEmpty());
            owners.add(SALESFORCE.records(leadId).get(0).path("OwnerId").asText());
        }
        assertThat(new HashSet<>(owners)).hasSize(4);
    }

    @Test
    void refusedRecordBecomesADeadLetterWhileTheRestOfTheBatchIsWrittenAndCanBeReplayed() throws Exception {
        String email = "invalid-" + UUID.randomUUID() + "@example.com";
        SALESFORCE.refuse(email, "REQUIRED_FIELD_MISSING");
        String invalid = postLead("{\"email\":\"" + email + "\"}");
        String valid = postLead("{\"email\":\"valid-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> lead(invalid).path("crm").path(0).path("status").asText().equals("DEAD_LETTER"));
        assertThat(lead(invalid).path("crm").get(0).path("detail").asText()).contains("REQUIRED_FIELD_MISSING");
        await().atMost(Duration.ofSeconds(15)).until(() -> lead(valid).path("crm").path(0).path("status").asText().equals("WRITTEN"));

        JsonNode letter = null;
        for (JsonNode d : json.readTree(get("/api/deadletters?crm=salesforce&open=true", ADMIN_TOKEN).body()).path("deadLetters")) {
            if (d.path("leadId").asText().equals(invalid)) {
                letter = d;
            }
        }
        assertThat(letter).as("listed with Salesforce's own message").isNotNull();
        assertThat(letter.path("detail").asText()).contains("REQUIRED_FIELD_MISSING for this Lead");

        SALESFORCE.reset();  // the admin fixed the validation rule in Salesforce
        long id = letter.path("id").asLong();
        HttpResponse<String> replay = post("/api/deadletters/" + id + "/replay", "application/json", "", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> lead(invalid).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        HttpResponse<String> again = post("/api/deadletters/" + id + "/replay", "application/json", "", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void badCredentialsPauseTheWriterWithoutFailingAnythingAndWritesResumeOnceFixed() throws Exception {
        StubMapping refused = SALESFORCE.server().stubFor(patch(urlPathEqualTo(FakeSalesforce.UPSERT)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-invalid-session.json"))));
        StubMapping revoked = SALESFORCE.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/services/oauth2/token")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}")));
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leads.add(postLead("{\"email\":\"paused-" + i + "-" + UUID.randomUUID() + "@example.com\"}"));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> json.readTree(get("/api/crm", ADMIN_TOKEN).body())
                .path("crms").path("salesforce").path("paused").asBoolean());
        JsonNode status = json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms").path("salesforce");
        assertThat(status.path("reason").asText()).containsAnyOf("invalid_grant", "401");
        assertThat(status.path("circuit").asText()).as("a paused writer is not an outage for the breaker").isEqualTo("CLOSED");
        assertThat(json.readTree(get("/actuator/health", null).body()).path("components").path("crm").path("status").asText())
                .isEqualTo("DOWN");
        for (String leadId : leads) {
            JsonNode write = lead(leadId).path("crm").path(0);
            assertThat(write.path("status").asText()).as("nothing fails while paused").isEqualTo("PENDING");
        }

        SALESFORCE.server().removeStub(refused);
        SALESFORCE.server().removeStub(revoked);
        for (String leadId : leads) {
            await().atMost(Duration.ofSeconds(20)).until(() -> lead(leadId).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        }
        assertThat(json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms").path("salesforce").path("paused").asBoolean()).isFalse();
        assertThat(json.readTree(get("/api/deadletters?crm=salesforce&open=true", ADMIN_TOKEN).body()).path("deadLetters").toString())
                .doesNotContain(leads.get(0));
    }

    @Test
    void requestLimitStopsTheWriterWithoutUsingUpAttemptsAndTheWriteGoesOutAfterwards() throws Exception {
        StubMapping limit = SALESFORCE.server().stubFor(patch(urlPathEqualTo(FakeSalesforce.UPSERT)).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-request-limit.json"))));

        String limited = postLead("{\"email\":\"limited-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> lead(limited).path("crm").path(0).path("detail").asText()
                .contains("REQUEST_LIMIT_EXCEEDED"));
        JsonNode pending = lead(limited).path("crm").get(0);
        assertThat(pending.path("status").asText()).as(pending.toString()).isEqualTo("PENDING");
        assertThat(pending.path("attempts").asInt()).isZero();
        assertThat(pending.path("detail").asText()).contains("403", "REQUEST_LIMIT_EXCEEDED");

        SALESFORCE.server().removeStub(limit);
        await().atMost(Duration.ofSeconds(15)).until(() -> lead(limited).path("crm").path(0).path("status").asText().equals("WRITTEN"));
    }

    @Test
    void expiredSessionIsRenewedByTheComponentAndTheWriteSucceeds() throws Exception {
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(FakeSalesforce.UPSERT)).atPriority(1)
                .inScenario("session").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("renewed")
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-invalid-session.json"))));

        String leadId = postLead("{\"email\":\"session-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> lead(leadId).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        assertThat(SALESFORCE.server().findAll(patchRequestedFor(urlPathEqualTo(FakeSalesforce.UPSERT)))).hasSize(2);
        assertThat(SALESFORCE.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/services/oauth2/token")))).hasSizeGreaterThanOrEqualTo(1);
    }

    private LoggedRequest requestCarrying(String leadId) {
        return SALESFORCE.server().findAll(patchRequestedFor(urlPathEqualTo(FakeSalesforce.UPSERT))).stream()
                .filter(r -> r.getBodyAsString().contains(leadId)).findFirst().orElseThrow();
    }
}
