package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.leadrouter.testing.FakeHubSpot;
import io.leadrouter.testing.FakeSalesforce;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What decisions learn from the CRMs, against WireMock at the wire (the real camel-salesforce query/queryMore and our
 * hubspot: component): the configured field mapping in the request bodies, the roster sync (a rep whose CRM user is
 * not active is never assigned, and the trace says so), reps the CRMs do not know in the admin API, a failed sync that
 * changes nothing, and sticky owners found in Salesforce and in HubSpot — cached, and given up after the timeout.
 */
class CrmDirectoryTest extends AbstractAppTest {
    static final Path MAPPINGS = HubSpotWriteBackTest.bothCrmsMappings();
    static final String QUERY = FakeSalesforce.API + "/query/?";
    static final String SEARCH_CONTACTS = "/crm/objects/2026-03/contacts/search";
    static final String ALICE_SF = "005Hs00000Ab1CdIAJ";
    static final String ERIN_SF = "005Hs00000Ab5KlIAJ";

    @DynamicPropertySource
    static void crmDirectory(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "crmdirectorytest");
        registry.add("camel.component.servlet.servlet-name", () -> "CrmDirectoryTestServlet");
        registry.add("leadrouter.mappings-dir", MAPPINGS::toString);
        registry.add("leadrouter.policy-file", () -> "src/test/resources/policy/roster-test.yaml");
        registry.add("leadrouter.processing.same-lead-window", () -> "0");
        registry.add("leadrouter.crm.hubspot.enabled", () -> "true");
        registry.add("leadrouter.crm.hubspot.poll-interval", () -> "PT0.1S");
        registry.add("leadrouter.crm.hubspot.retry-delay", () -> "PT0.2S");
        registry.add("leadrouter.crm.salesforce.roster.interval", () -> "PT1H");
        registry.add("leadrouter.crm.hubspot.roster.interval", () -> "PT1H");
        registry.add("leadrouter.crm.salesforce.owner-lookup.enabled", () -> "true");
        registry.add("leadrouter.crm.salesforce.owner-lookup.timeout", () -> "PT0.5S");
        registry.add("leadrouter.crm.hubspot.owner-lookup.enabled", () -> "true");
        registry.add("leadrouter.crm.hubspot.owner-lookup.timeout", () -> "PT0.5S");
        registry.add("leadrouter.crm.salesforce.fields.CountryCode", () -> "country");
        registry.add("leadrouter.crm.salesforce.fields.Country", () -> "");
        registry.add("leadrouter.crm.salesforce.fields.[UTM_Source__c]", () -> "attributes.utm_source");
        registry.add("leadrouter.crm.salesforce.fields.LeadSource", () -> "constant:Web");
        registry.add("leadrouter.crm.hubspot.fields.[utm_source]", () -> "attributes.utm_source");
        registry.add("leadrouter.crm.hubspot.fields.[hs_lead_status]", () -> "constant:NEW");
    }

    @BeforeEach
    void crmsKnowTheirUsers() throws Exception {
        SALESFORCE.reset();
        HUBSPOT.reset();
        HUBSPOT.acceptWrites();
        salesforceAnswers(containing("FROM User"), "query-users-page-1.json");
        SALESFORCE.server().stubFor(WireMock.get(urlEqualTo(FakeSalesforce.API + "/query/01gHs00000RosterAAA-2000"))
                .willReturn(okJson(FakeSalesforce.resource("query-users-page-2.json"))));
        salesforceAnswers(containing("FROM GroupMember"), "query-queue-members.json");
        SALESFORCE.server().stubFor(WireMock.get(urlPathMatching(QUERY)).atPriority(10)
                .willReturn(okJson(FakeSalesforce.resource("query-empty.json"))));
        HUBSPOT.server().stubFor(WireMock.get(urlEqualTo("/crm/owners/2026-03?limit=100&archived=false"))
                .willReturn(okJson(hubspot("owners-active.json"))));
        HUBSPOT.server().stubFor(WireMock.get(urlEqualTo("/crm/owners/2026-03?limit=100&archived=true"))
                .willReturn(okJson(hubspot("owners-archived.json"))));
        HUBSPOT.server().stubFor(WireMock.post(urlPathMatching("/crm/objects/2026-03/(contacts|companies)/search")).atPriority(10)
                .willReturn(okJson(hubspot("search-empty.json"))));
        refresh();
    }

    @Test
    void configuredFieldsReachBothCrmsAndNothingIsSentAsNull() throws Exception {
        String email = email("fields");
        String leadId = postLead("{\"email\":\"" + email + "\",\"last_name\":\"Lovelace\",\"country\":\"United Kingdom\","
                + "\"utm_source\":\"newsletter\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> !SALESFORCE.records(leadId).isEmpty()
                && HUBSPOT.upsertedInputs().stream().anyMatch(i -> i.path("properties").path("leadrouter_id").asText().equals(leadId)));
        JsonNode record = SALESFORCE.records(leadId).get(0);
        assertThat(record.path("CountryCode").asText()).isEqualTo("GB");
        assertThat(record.has("Country")).as("Country mapped to nothing").isFalse();
        assertThat(record.path("UTM_Source__c").asText()).isEqualTo("newsletter");
        assertThat(record.path("LeadSource").asText()).isEqualTo("Web");
        assertThat(record.path("LastName").asText()).isEqualTo("Lovelace");
        assertThat(record.path("Company").asText()).isEqualTo("[not provided]");
        assertThat(record.has("Phone")).isFalse();
        record.fields().forEachRemaining(f -> assertThat(f.getValue().isNull()).as(f.getKey() + " is never null").isFalse());

        JsonNode properties = HUBSPOT.upsertedInputs().stream()
                .filter(i -> i.path("properties").path("leadrouter_id").asText().equals(leadId)).findFirst().orElseThrow()
                .path("properties");
        assertThat(properties.path("utm_source").asText()).isEqualTo("newsletter");
        assertThat(properties.path("hs_lead_status").asText()).isEqualTo("NEW");
        assertThat(properties.path("lastname").asText()).isEqualTo("Lovelace");
        assertThat(properties.has("firstname")).isFalse();
        properties.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue());
    }

    @Test
    void theRosterIsFetchedAndRepsTheCrmsDoNotKnowAsActiveAreNeverAssigned() throws Exception {
        SALESFORCE.server().verify(getRequestedFor(urlPathMatching(QUERY))
                .withQueryParam("q", equalTo("SELECT Id, IsActive, Email FROM User WHERE IsActive = true")));
        SALESFORCE.server().verify(getRequestedFor(urlEqualTo(FakeSalesforce.API + "/query/01gHs00000RosterAAA-2000")));
        SALESFORCE.server().verify(getRequestedFor(urlPathMatching(QUERY))
                .withQueryParam("q", equalTo("SELECT GroupId, UserOrGroupId FROM GroupMember WHERE Group.Type = 'Queue'")));
        JsonNode crms = roster();
        JsonNode salesforce = crms.path("salesforce");
        assertThat(salesforce.path("users").asInt()).isEqualTo(4);
        assertThat(salesforce.path("lastError").asText(null)).as("the sync worked").isNull();
        assertThat(salesforce.path("queueMembers").path("00GHs00000Qu1InMAJ").asInt()).isEqualTo(2);
        assertThat(unknown(salesforce)).containsExactly("bob", "dave");
        assertThat(unknown(crms.path("hubspot"))).containsExactly("carol", "dave");
        assertThat(crms.path("hubspot").path("unknownReps").toString()).contains("\"carol\"", "INACTIVE", "\"dave\"", "ABSENT");

        List<String> reps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String leadId = postLead("{\"email\":\"" + email("roster-" + i) + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("decision").hasNonNull("repId"));
            JsonNode decision = lead(leadId).path("decision");
            reps.add(decision.path("repId").asText());
            JsonNode skipped = decision.path("trace").path("skipped");
            assertThat(reason(skipped, "bob")).startsWith("CRM_USER_INACTIVE: Salesforce user id 005Hs00000Ab2EfIAJ is not among"
                    + " Salesforce's active users");
            assertThat(reason(skipped, "carol")).startsWith("CRM_USER_INACTIVE: HubSpot owner id 51234563 is deactivated in HubSpot");
            assertThat(reason(skipped, "dave")).startsWith("CRM_USER_INACTIVE");
        }
        assertThat(reps).as("only the reps active in both CRMs").containsOnly("alice", "erin").contains("alice", "erin");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void repsTheCrmDoesNotKnowAreLoggedOnceAndAgainOnlyWhenThatChanges(CapturedOutput output) throws Exception {
        String warning = "Salesforce does not know these reps of the policy as active users";
        int before = output.getOut().length();
        refresh();
        assertThat(output.getOut().substring(before)).as("the same roster again: no new warning").doesNotContain(warning);

        SALESFORCE.server().stubFor(WireMock.get(urlEqualTo(FakeSalesforce.API + "/query/01gHs00000RosterAAA-2000")).atPriority(1)
                .willReturn(okJson(FakeSalesforce.resource("query-empty.json"))));
        int changed = output.getOut().length();
        JsonNode crms = refresh();

        assertThat(unknown(crms.path("salesforce"))).containsExactly("bob", "dave", "erin");
        assertThat(output.getOut().substring(changed)).contains(warning, "bob=005Hs00000Ab2EfIAJ", "erin=005Hs00000Ab5KlIAJ");
    }

    @Test
    void aFailedFetchChangesNothingAndIsVisible() throws Exception {
        String fetchedBefore = roster().path("salesforce").path("fetchedAt").asText();
        SALESFORCE.server().stubFor(WireMock.get(urlPathMatching(QUERY)).atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"An unexpected error occurred.\",\"errorCode\":\"UNKNOWN_EXCEPTION\"}]")));
        HUBSPOT.server().stubFor(WireMock.get(urlPathMatching("/crm/owners/.*")).atPriority(1).willReturn(aResponse().withStatus(503)));

        JsonNode crms = refresh();

        assertThat(crms.path("salesforce").path("lastError").asText()).contains("500", "UNKNOWN_EXCEPTION");
        assertThat(crms.path("salesforce").path("fetchedAt").asText()).isEqualTo(fetchedBefore);
        assertThat(crms.path("hubspot").path("lastError").asText("")).contains("503");
        assertThat(unknown(crms.path("salesforce"))).containsExactly("bob", "dave");
        assertThat(unknown(crms.path("hubspot"))).containsExactly("carol", "dave");
        String leadId = postLead("{\"email\":\"" + email("failed-sync") + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("decision").hasNonNull("repId"));
        assertThat(lead(leadId).path("decision").path("repId").asText()).isIn("alice", "erin");
    }

    @Test
    void aStickyOwnerFoundInSalesforceGetsTheLeadAndTheAnswerIsCached() throws Exception {
        String email = email("sticky-sf");
        salesforceAnswers(containing("FROM Contact WHERE Email = '" + email + "'"), "query-contact-owner.json");

        String first = postLead("{\"email\":\"" + email + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(first).path("decision").hasNonNull("repId"));
        JsonNode decision = lead(first).path("decision");
        assertThat(decision.path("repId").asText()).isEqualTo("erin");
        assertThat(decision.path("trace").path("summary").asText())
                .contains("sticky: erin already owns leads of the same email address (owner of the Salesforce Contact 0035g00000StkyAAAQ)");
        int contactQueries = soqlCalls("FROM Contact WHERE Email = '" + email + "'");
        int searches = HUBSPOT.server().findAll(postRequestedFor(urlPathEqualTo(SEARCH_CONTACTS))
                .withRequestBody(containing(email))).size();
        assertThat(contactQueries).isEqualTo(1);
        assertThat(searches).isEqualTo(1);

        String second = postLead("{\"email\":\"" + email + "\",\"first_name\":\"Again\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(second).path("decision").hasNonNull("repId"));
        assertThat(lead(second).path("decision").path("repId").asText()).isEqualTo("erin");
        assertThat(soqlCalls("FROM Contact WHERE Email = '" + email + "'")).as("answered from the cache").isEqualTo(1);
        assertThat(HUBSPOT.server().findAll(postRequestedFor(urlPathEqualTo(SEARCH_CONTACTS))
                .withRequestBody(containing(email))).size()).isEqualTo(1);
    }

    @Test
    void aStickyOwnerFoundInHubSpotGetsTheLead() throws Exception {
        String email = email("sticky-hs");
        HUBSPOT.server().stubFor(WireMock.post(urlPathEqualTo(SEARCH_CONTACTS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo(email)))
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].propertyName", equalTo("email")))
                .withRequestBody(matchingJsonPath("$.properties", equalToJson("[\"hubspot_owner_id\"]")))
                .willReturn(okJson(hubspot("search-contact-owner.json"))));

        String leadId = postLead("{\"email\":\"" + email + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("decision").hasNonNull("repId"));
        JsonNode decision = lead(leadId).path("decision");
        assertThat(decision.path("repId").asText()).isEqualTo("alice");
        assertThat(decision.path("trace").path("summary").asText()).contains("(owner of the HubSpot contact 6401)");
        assertThat(soqlCalls("FROM Contact WHERE Email = '" + email + "'")).as("Salesforce was asked too").isEqualTo(1);
    }

    @Test
    void aCrmThatDoesNotAnswerInTimeMeansNoStickyOwnerKnownNotAFailedDecision() throws Exception {
        String email = email("sticky-slow");
        SALESFORCE.server().stubFor(WireMock.get(urlPathMatching(QUERY)).atPriority(1)
                .withQueryParam("q", containing("FROM Contact WHERE Email = '" + email + "'"))
                .willReturn(okJson(FakeSalesforce.resource("query-contact-owner.json")).withFixedDelay(3_000)));

        String leadId = postLead("{\"email\":\"" + email + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(leadId).path("decision").hasNonNull("repId"));
        JsonNode decision = lead(leadId).path("decision");
        assertThat(decision.path("repId").asText()).isIn("alice", "erin");
        assertThat(decision.path("trace").path("summary").asText())
                .contains("no sticky owner known: no answer from Salesforce within 500 ms")
                .doesNotContain("sticky: erin already owns");
    }

    private void salesforceAnswers(com.github.tomakehurst.wiremock.matching.StringValuePattern soql, String resource) {
        MappingBuilder query = WireMock.get(urlPathMatching(QUERY)).atPriority(5).withQueryParam("q", soql);
        SALESFORCE.server().stubFor(query.willReturn(okJson(FakeSalesforce.resource(resource))));
    }

    /** A fresh address on a fresh company domain: no sticky owner of an earlier test's domain applies. */
    private static String email(String prefix) {
        return prefix + "@c" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    private int soqlCalls(String fragment) {
        return SALESFORCE.server().findAll(getRequestedFor(urlPathMatching(QUERY)).withQueryParam("q", containing(fragment))).size();
    }

    private JsonNode refresh() throws Exception {
        HttpResponse<String> response = post("/api/crm/roster/refresh", "application/json", "", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("crms");
    }

    private JsonNode roster() throws Exception {
        return json.readTree(get("/api/crm/roster", ADMIN_TOKEN).body()).path("crms");
    }

    private static List<String> unknown(JsonNode crm) {
        List<String> reps = new ArrayList<>();
        crm.path("unknownReps").forEach(r -> reps.add(r.path("repId").asText()));
        return reps;
    }

    private static String reason(JsonNode skipped, String repId) {
        for (JsonNode skip : skipped) {
            if (skip.path("repId").asText().equals(repId)) {
                return skip.path("reason").asText();
            }
        }
        throw new AssertionError(repId + " was not skipped: " + skipped);
    }

    private static String hubspot(String name) {
        try (InputStream in = CrmDirectoryTest.class.getResourceAsStream("/hubspot/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
