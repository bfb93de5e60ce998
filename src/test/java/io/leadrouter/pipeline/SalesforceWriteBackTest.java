package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Salesforce write-back through the real camel-salesforce component against WireMock at the wire. */
class SalesforceWriteBackTest extends AbstractAppTest {
    static final String UPSERT = FakeSalesforce.API + "/sobjects/Lead/LeadRouter_Id__c/";

    @BeforeEach
    void stubs() {
        SALESFORCE.resetAll();
        FakeSalesforce.stubToken(SALESFORCE);
        SALESFORCE.stubFor(patch(urlPathMatching(FakeSalesforce.API + "/sobjects/Lead/LeadRouter_Id__c/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("upsert-created.json"))));
    }

    @Test
    void assignedLeadIsUpsertedByExternalIdWithOwnerAndAutoAssignOff() throws Exception {
        String leadId = postLead("{\"email\":\"sf-" + UUID.randomUUID() + "@example.com\",\"first_name\":\"Linus\",\"company\":\"Kernel\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> !upserts(leadId).isEmpty());
        LoggedRequest upsert = upserts(leadId).get(0);
        JsonNode view = lead(leadId);
        String owner = view.path("decision").path("owners").path("salesforce").asText();
        assertThat(owner).startsWith("005");
        assertThat(upsert.getHeader("Sforce-Auto-Assign")).isEqualTo("FALSE");
        assertThat(upsert.getHeader("Authorization")).isEqualTo("Bearer 00D000000000001!AQ0AQFakeAccessTokenForTests");
        JsonNode body = json.readTree(upsert.getBodyAsString());
        assertThat(body.path("OwnerId").asText()).isEqualTo(owner);
        assertThat(body.path("FirstName").asText()).isEqualTo("Linus");
        assertThat(body.path("Company").asText()).isEqualTo("Kernel");
        assertThat(body.path("LastName").asText()).isEqualTo("[not provided]");
        assertThat(body.has("LeadRouter_Id__c")).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        JsonNode write = lead(leadId).path("crm").get(0);
        assertThat(write.path("crm").asText()).isEqualTo("salesforce");
        assertThat(write.path("recordId").asText()).isEqualTo("00Q5e00000ABCDEAA1");
    }

    @Test
    void consecutiveLeadsRotateThroughTheTeam() throws Exception {
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String leadId = postLead("{\"email\":\"rotate-" + i + "-" + UUID.randomUUID() + "@example.com\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> !upserts(leadId).isEmpty());
            owners.add(json.readTree(upserts(leadId).get(0).getBodyAsString()).path("OwnerId").asText());
        }
        assertThat(new HashSet<>(owners)).hasSize(4);
    }

    @Test
    void requestLimitIsRetriedLaterAndValidationErrorFailsForGood() throws Exception {
        SALESFORCE.stubFor(patch(urlPathMatching(UPSERT + ".*")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.Email", equalTo("limited@example.com")))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-request-limit.json"))));
        SALESFORCE.stubFor(patch(urlPathMatching(UPSERT + ".*")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.Email", equalTo("invalid@example.com")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-required-field.json"))));

        String limited = postLead("{\"email\":\"limited@example.com\"}");
        String invalid = postLead("{\"email\":\"invalid@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> lead(invalid).path("crm").path(0).path("status").asText().equals("FAILED"));
        assertThat(lead(invalid).path("crm").get(0).path("detail").asText()).contains("REQUIRED_FIELD_MISSING");
        await().atMost(Duration.ofSeconds(15)).until(() -> lead(limited).path("crm").path(0).path("attempts").asInt() == 1);
        JsonNode pending = lead(limited).path("crm").get(0);
        assertThat(pending.path("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("detail").asText()).contains("REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void expiredSessionIsRenewedByTheComponentAndTheWriteSucceeds() throws Exception {
        SALESFORCE.stubFor(patch(urlPathMatching(UPSERT + ".*")).atPriority(1)
                .inScenario("session").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("renewed")
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(FakeSalesforce.resource("error-invalid-session.json"))));

        String leadId = postLead("{\"email\":\"session-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> lead(leadId).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        assertThat(upserts(leadId)).hasSize(2);
    }

    private static List<LoggedRequest> upserts(String leadId) {
        return SALESFORCE.findAll(patchRequestedFor(urlPathEqualTo(UPSERT + leadId)));
    }
}
