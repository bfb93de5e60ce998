package io.leadrouter.crm.hubspot.component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request bodies against HubSpot's documented shapes, and HubSpot's answers mapped to typed results. */
class HubSpotOperationsTest extends HubSpotTestSupport {

    @Test
    void batchUpsertSendsIdPropertyIdAndPropertiesWithoutNullsAndMaps207PerInput() throws Throwable {
        hubspot.stubFor(post("/crm/objects/2026-03/contacts/batch/upsert").willReturn(aResponse().withStatus(207)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-HubSpot-RateLimit-Max", "190").withHeader("X-HubSpot-RateLimit-Remaining", "189")
                .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
                .withHeader("X-HubSpot-RateLimit-Daily", "1000000").withHeader("X-HubSpot-RateLimit-Daily-Remaining", "999000")
                .withBody(json("contacts-batch-upsert-207.json"))));
        Map<String, Object> ada = new LinkedHashMap<>();
        ada.put("email", "ada@example.com");
        ada.put("firstname", "Ada");
        ada.put("lastname", null);
        Map<String, Object> grace = new HashMap<>(Map.of("email", "grace@example.com", "hs_language", List.of("en", "de")));
        grace.put("phone", null);
        Map<String, Object> linus = Map.of("email", "Linus@Example.com", "lifecyclestage", "99");
        List<Map<String, Object>> contacts = new ArrayList<>(List.of(ada, grace, linus));

        var exchange = template.request(privateApp("contactsBatchUpsert"), e -> e.getIn().setBody(contacts));

        HubSpotBatchResult result = exchange.getMessage().getBody(HubSpotBatchResult.class);
        assertThat(result.statusCode()).isEqualTo(207);
        assertThat(result.inputs()).containsExactly(
                new HubSpotBatchResult.InputResult(0, "ada@example.com", "51", true, null, null),
                new HubSpotBatchResult.InputResult(1, "grace@example.com", "52", false, null, null),
                new HubSpotBatchResult.InputResult(2, "Linus@Example.com", null, null,
                        result.inputs().get(2).error(), "VALIDATION_ERROR"));
        assertThat(result.inputs().get(2).error()).contains("not a valid lifecyclestage");
        assertThat(exchange.getMessage().getHeader(HubSpotConstants.RATE_LIMIT_REMAINING)).isEqualTo(189L);
        assertThat(exchange.getMessage().getHeader(HubSpotConstants.RATE_LIMIT_DAILY_REMAINING)).isEqualTo(999000L);
        assertThat(exchange.getMessage().getHeader(HubSpotConstants.RATE_LIMIT_INTERVAL_MILLISECONDS)).isEqualTo(10000L);

        hubspot.verify(postRequestedFor(urlEqualTo("/crm/objects/2026-03/contacts/batch/upsert"))
                .withHeader("Authorization", equalTo("Bearer pat-na1-test"))
                .withRequestBody(equalToJson("""
                        {"inputs": [
                          {"idProperty": "email", "id": "ada@example.com",
                           "properties": {"email": "ada@example.com", "firstname": "Ada"}},
                          {"idProperty": "email", "id": "grace@example.com",
                           "properties": {"email": "grace@example.com", "hs_language": "en;de"}},
                          {"idProperty": "email", "id": "Linus@Example.com",
                           "properties": {"email": "Linus@Example.com", "lifecyclestage": "99"}}
                        ]}""")));
    }

    @Test
    void batchUpsertRefusesMoreThan100InputsAndDuplicateEmailsBeforeCallingHubSpot() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(Map.of("email", "c" + i + "@example.com"));
        }
        assertThatThrownBy(() -> send(privateApp("contactsBatchUpsert"), tooMany, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> send(privateApp("contactsBatchUpsert"),
                List.of(Map.of("email", "a@example.com"), Map.of("email", "A@example.com")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThat(hubspot.getAllServeEvents()).isEmpty();
    }

    @Test
    void leadCreateSendsLeadNameOwnerIdAndThePrimaryContactAssociation() throws Throwable {
        hubspot.stubFor(post("/crm/objects/2026-03/leads").willReturn(okJson(json("lead-created.json")).withStatus(201)));
        Map<String, Object> properties = new HashMap<>();
        properties.put("hs_lead_name", "Ada Lovelace");
        properties.put("hs_lead_type", null);

        HubSpotObject lead = (HubSpotObject) send(privateApp("leadCreate"), properties,
                Map.of(HubSpotConstants.CONTACT_ID, "51", HubSpotConstants.OWNER_ID, "41629779"));

        assertThat(lead.id()).isEqualTo("3001");
        hubspot.verify(postRequestedFor(urlEqualTo("/crm/objects/2026-03/leads")).withRequestBody(equalToJson("""
                {"properties": {"hs_lead_name": "Ada Lovelace", "hubspot_owner_id": "41629779"},
                 "associations": [{"to": {"id": "51"},
                                   "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 578}]}]}""")));
    }

    @Test
    void taskCreatePutsAnUnassignedTaskInTheQueueAssociatedWithTheContact() throws Throwable {
        hubspot.stubFor(post("/crm/objects/2026-03/tasks").willReturn(okJson(json("task-created.json")).withStatus(201)));

        HubSpotObject task = (HubSpotObject) send(privateApp("taskCreate"),
                Map.of("hs_task_subject", "New lead: Ada Lovelace", "hs_timestamp", "2026-11-29T10:00:00Z",
                        "hs_task_type", "TODO"),
                Map.of(HubSpotConstants.CONTACT_ID, "51", HubSpotConstants.TASK_QUEUE_ID, "7788"));

        assertThat(task.id()).isEqualTo("4001");
        hubspot.verify(postRequestedFor(urlEqualTo("/crm/objects/2026-03/tasks")).withRequestBody(equalToJson("""
                {"properties": {"hs_task_subject": "New lead: Ada Lovelace", "hs_timestamp": "2026-11-29T10:00:00Z",
                                "hs_task_type": "TODO", "hs_queue_membership_ids": "7788"},
                 "associations": [{"to": {"id": "51"},
                                   "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 204}]}]}""")));
    }

    @Test
    void taskUpdateAndContactUpdatePatchOnlyTheGivenProperties() throws Throwable {
        hubspot.stubFor(patch(urlPathEqualTo("/crm/objects/2026-03/tasks/4001")).willReturn(okJson(json("task-created.json"))));
        hubspot.stubFor(patch(urlPathEqualTo("/crm/objects/2026-03/contacts/51")).willReturn(okJson(json("contact.json"))));
        Map<String, Object> taskChange = new HashMap<>();
        taskChange.put("hubspot_owner_id", "41629779");
        taskChange.put("hs_task_body", null);

        send(privateApp("taskUpdate"), taskChange, Map.of(HubSpotConstants.OBJECT_ID, "4001"));
        HubSpotObject contact = (HubSpotObject) send(privateApp("contactUpdate"), Map.of("hubspot_owner_id", "41629779"),
                Map.of(HubSpotConstants.OBJECT_ID, "51"));

        assertThat(contact.properties()).containsEntry("hubspot_owner_id", "41629779").containsEntry("lastname", null);
        hubspot.verify(patchRequestedFor(urlEqualTo("/crm/objects/2026-03/tasks/4001"))
                .withRequestBody(equalToJson("{\"properties\": {\"hubspot_owner_id\": \"41629779\"}}")));
        hubspot.verify(patchRequestedFor(urlEqualTo("/crm/objects/2026-03/contacts/51"))
                .withRequestBody(equalToJson("{\"properties\": {\"hubspot_owner_id\": \"41629779\"}}")));
    }

    @Test
    void contactReadAsksForTheGivenProperties() throws Throwable {
        hubspot.stubFor(get(urlPathEqualTo("/crm/objects/2026-03/contacts/51")).willReturn(okJson(json("contact.json"))));

        HubSpotObject contact = (HubSpotObject) send(privateApp("contactRead"), null,
                Map.of(HubSpotConstants.OBJECT_ID, "51", HubSpotConstants.PROPERTIES, List.of("email", "hubspot_owner_id")));

        assertThat(contact.id()).isEqualTo("51");
        assertThat(contact.properties()).containsEntry("email", "ada@example.com");
        hubspot.verify(getRequestedFor(urlEqualTo("/crm/objects/2026-03/contacts/51?properties=email%2Chubspot_owner_id")));
    }

    @Test
    void ownersListFollowsTheAfterCursorAndKeepsOwnerIdApartFromUserId() throws Throwable {
        hubspot.stubFor(get(urlEqualTo("/crm/owners/2026-03?limit=100&archived=false")).willReturn(okJson(json("owners-page-1.json"))));
        hubspot.stubFor(get(urlEqualTo("/crm/owners/2026-03?limit=100&archived=false&after=41629780"))
                .willReturn(okJson(json("owners-page-2.json"))));

        @SuppressWarnings("unchecked")
        List<HubSpotOwner> owners = (List<HubSpotOwner>) send(privateApp("ownersList"), null, Map.of());

        assertThat(owners).extracting(HubSpotOwner::id).containsExactly("41629779", "41629780");
        assertThat(owners.get(0).userId()).isEqualTo(9586504L);
        assertThat(owners.get(1).email()).isEqualTo("grace@example.com");
    }

    @Test
    void ownersListWithTheArchivedHeaderListsArchivedOwners() throws Throwable {
        hubspot.stubFor(get(urlEqualTo("/crm/owners/2026-03?limit=100&archived=true")).willReturn(okJson(json("owners-archived.json"))));

        @SuppressWarnings("unchecked")
        List<HubSpotOwner> owners = (List<HubSpotOwner>) send(privateApp("ownersList"), null,
                Map.of(HubSpotConstants.ARCHIVED, true));

        assertThat(owners).extracting(HubSpotOwner::id).containsExactly("51234563");
        assertThat(owners.get(0).archived()).isTrue();
        assertThat(owners.get(0).userId()).as("an archived owner has no user any more").isNull();
    }

    @Test
    void searchPostsHubSpotsSearchRequestToTheObjectTypeAndAnswersTheRecords() throws Throwable {
        hubspot.stubFor(post("/crm/objects/2026-03/contacts/search").willReturn(okJson(json("search-contact-owner.json"))));
        Map<String, Object> request = Map.of(
                "filterGroups", List.of(Map.of("filters", List.of(Map.of("propertyName", "email", "operator", "EQ",
                        "value", "ada@example.com")))),
                "properties", List.of("hubspot_owner_id"), "limit", 1);

        @SuppressWarnings("unchecked")
        List<HubSpotObject> found = (List<HubSpotObject>) send(privateApp("search"), request,
                Map.of(HubSpotConstants.OBJECT_TYPE, "contacts"));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).id()).isEqualTo("6401");
        assertThat(found.get(0).properties()).containsEntry("hubspot_owner_id", "51234561");
        hubspot.verify(postRequestedFor(urlEqualTo("/crm/objects/2026-03/contacts/search"))
                .withHeader("Authorization", equalTo("Bearer pat-na1-test"))
                .withRequestBody(equalToJson("""
                        {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "ada@example.com"}]}],
                         "properties": ["hubspot_owner_id"], "limit": 1}""")));
        assertThatThrownBy(() -> send(privateApp("search"), request, Map.of(HubSpotConstants.OBJECT_TYPE, "contacts/../owners")))
                .hasMessageContaining("not an object type");
    }

    @Test
    void apiVersionV3UsesTheNumberedPaths() throws Throwable {
        hubspot.stubFor(get(urlPathEqualTo("/crm/v3/owners")).willReturn(okJson(json("owners-page-2.json"))));
        hubspot.stubFor(post("/crm/v3/objects/leads").willReturn(okJson(json("lead-created.json")).withStatus(201)));

        send(uri("ownersList", "accessToken=pat-na1-test&apiVersion=v3"), null, Map.of());
        send(uri("leadCreate", "accessToken=pat-na1-test&apiVersion=v3"), Map.of("hs_lead_name", "Ada"),
                Map.of(HubSpotConstants.CONTACT_ID, "51"));

        hubspot.verify(getRequestedFor(urlPathEqualTo("/crm/v3/owners")));
        hubspot.verify(postRequestedFor(urlEqualTo("/crm/v3/objects/leads"))
                .withRequestBody(matchingJsonPath("$.associations[0].types[0].associationTypeId", equalTo("578"))));
    }
}
