package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rep and partner API end to end (HTTP, H2, the real flow): tokens, queue cherry-pick and claim-next, claim
 * limits and conflicts, touch and release, partner offers without personal data until acceptance, availability
 * changes with audit, and every refusal as JSON with the right status.
 */
class PullAndPartnerApiTest extends AbstractAppTest {

    @DynamicPropertySource
    static void pullPolicy(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "pullapitest");
        registry.add("leadrouter.policy-file", () -> "src/test/resources/policy/api-test.yaml");
        registry.add("camel.component.servlet.servlet-name", () -> "PullApiTestServlet");
    }

    String postCampaignLead(String campaign) throws Exception {
        String id = postLead("{\"email\":\"" + UUID.randomUUID() + "@acme-" + campaign + ".com\",\"firstName\":\"Jo\","
                + "\"company\":\"Acme\",\"country\":\"DE\",\"utm_campaign\":\"" + campaign + "\"}");
        org.awaitility.Awaitility.await().until(() -> !"RECEIVED".equals(lead(id).path("status").asText()));
        return id;
    }

    static void assertError(HttpResponse<String> r, int status, String messagePart) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).contains(messagePart);
    }

    @Test
    void repsClaimFromTheQueueWithinTheirLimitAndOneClaimWins() throws Exception {
        String alice = token("alice");
        String bob = token("bob");
        String first = postCampaignLead("pull");
        String second = postCampaignLead("pull");
        JsonNode view = lead(first);
        assertThat(view.path("status").asText()).isEqualTo("QUEUED");
        assertThat(view.path("decision").path("queueId").asText()).isEqualTo("pool");
        assertThat(view.path("decision").path("outcome").asText()).isEqualTo("ENQUEUE");

        JsonNode waiting = json.readTree(call("GET", "/api/queues/pool/leads?country=DE", alice, null).body());
        assertThat(waiting.path("leads").findValuesAsText("leadId")).contains(first, second);
        assertError(call("GET", "/api/queues/pool/leads?country=D%27E", alice, null), 400, "not a valid country filter");

        HttpResponse<String> claimed = call("POST", "/api/queues/pool/leads/" + first + "/claim", alice, null);
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        assertThat(json.readTree(claimed.body()).path("status").asText()).isEqualTo("CLAIMED");
        assertThat(json.readTree(claimed.body()).path("lead").path("email").asText()).contains("@acme-pull.com");
        assertError(call("POST", "/api/queues/pool/leads/" + first + "/claim", bob, null), 409, "already claimed");
        assertError(call("POST", "/api/reps/me/claims/next", alice, null), 409, "claim limit");

        HttpResponse<String> next = call("POST", "/api/reps/me/claims/next", bob, null);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(json.readTree(next.body()).path("leadId").asText()).isEqualTo(second);

        assertError(call("POST", "/api/leads/" + first + "/touch", bob, null), 403, "is not held by bob");
        HttpResponse<String> touched = call("POST", "/api/leads/" + first + "/touch", alice, "{\"note\":\"called\"}");
        assertThat(json.readTree(touched.body()).path("status").asText()).isEqualTo("ASSIGNED");
        assertThat(json.readTree(touched.body()).path("touchedAt").isMissingNode()).isFalse();
        assertThat(call("POST", "/api/leads/" + second + "/release", bob, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/reps/me/claims/next", alice, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/reps/me/claims/next", bob, null).statusCode()).isEqualTo(204);

        JsonNode history = lead(first).path("history");
        assertThat(history.findValuesAsText("type")).containsSubsequence("received", "queued", "claimed", "touched");
        assertThat(json.readTree(call("GET", "/api/reps/me/leads", alice, null).body()).path("leads").findValuesAsText("leadId"))
                .contains(first, second);
    }

    @Test
    void partnersSeeNoPersonalDataUntilTheyAcceptAndOnlyOneAcceptWins() throws Exception {
        String pia = token("pia");
        String paul = token("paul");
        String alice = token("alice");
        String offered = postCampaignLead("partner");
        assertThat(lead(offered).path("status").asText()).isEqualTo("PARTNER_OFFERED");

        HttpResponse<String> offers = call("GET", "/api/partners/me/offers", pia, null);
        JsonNode offer = null;
        for (JsonNode o : json.readTree(offers.body()).path("offers")) {
            if (o.path("offerId").asText().equals(offered)) {
                offer = o;
            }
        }
        assertThat(offer).as(offers.body()).isNotNull();
        assertThat(offer.path("lead").path("company").asText()).isEqualTo("Acme");
        assertThat(offer.path("lead").path("country").asText()).isEqualTo("DE");
        assertThat(offers.body()).doesNotContain("@acme-partner.com").doesNotContain("\"Jo\"");
        assertError(call("GET", "/api/reps/me/leads/" + offered, pia, null), 403, "accept its offer first");
        assertError(call("GET", "/api/partners/me/offers", alice, null), 403, "not a partner user");

        HttpResponse<String> accepted = call("POST", "/api/offers/" + offered + "/accept", pia, null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(json.readTree(accepted.body()).path("lead").path("firstName").asText()).isEqualTo("Jo");
        assertError(call("POST", "/api/offers/" + offered + "/accept", paul, null), 409, "not on offer");
        assertThat(call("GET", "/api/reps/me/leads/" + offered, pia, null).statusCode()).isEqualTo(200);

        String rejected = postCampaignLead("partner");
        HttpResponse<String> reject = call("POST", "/api/offers/" + rejected + "/reject", paul, "{\"reason\":\"not our region\"}");
        assertThat(reject.statusCode()).as(reject.body()).isEqualTo(200);
        JsonNode moved = lead(rejected);
        assertThat(moved.path("status").asText()).isEqualTo("ASSIGNED");
        assertThat(moved.path("decision").path("repId").asText()).isEqualTo("sales-ops");
        assertThat(moved.path("history").findValuesAsText("reason")).anyMatch(r -> r.contains("rejected by partner paul (not our region)"));
    }

    @Test
    void tokensAreCheckedAndRepsActOnlyForThemselves() throws Exception {
        String alice = token("alice");
        assertError(call("GET", "/api/reps", alice, null), 403, "rep token may only use");
        // Dot segments are resolved before the path is checked: neither a rep path nor the public docs open the rest.
        assertError(call("GET", "/api/partners/me/../../reps", alice, null), 403, "rep token may only use");
        assertThat(call("GET", "/api/docs/../reps", null, null).statusCode()).isEqualTo(401);
        assertError(call("POST", "/api/reps/me/claims/next", ADMIN_TOKEN, null), 403, "call it with a rep token");
        assertError(call("POST", "/api/reps/me/claims/next", "lr_rep_0000", null), 401, "unknown or revoked");
        assertError(call("POST", "/api/reps/nobody/tokens", ADMIN_TOKEN, "{}"), 404, "no rep 'nobody'");
        assertError(call("POST", "/api/queues/nope/leads/x/claim", alice, null), 404, "no queue 'nope'");
        assertError(call("POST", "/api/queues/pool/leads/00000000-0000-7000-8000-000000000000/claim", alice, null), 404, "no lead");

        JsonNode tokens = json.readTree(call("GET", "/api/reps/alice/tokens", ADMIN_TOKEN, null).body()).path("tokens");
        String tokenId = tokens.get(tokens.size() - 1).path("id").asText();
        assertThat(tokens.toString()).doesNotContain(alice);
        assertThat(call("DELETE", "/api/reps/alice/tokens/" + tokenId, ADMIN_TOKEN, null).statusCode()).isEqualTo(204);
        assertError(call("GET", "/api/reps/me", alice, null), 401, "unknown or revoked");
    }

    @Test
    void availabilityChangesAreAuditedAndShownWithTheLedger() throws Exception {
        HttpResponse<String> out = call("PUT", "/api/reps/carol/availability", ADMIN_TOKEN,
                "{\"status\":\"out-of-office\",\"until\":\"2099-01-01T00:00:00Z\"}");
        assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
        assertError(call("PUT", "/api/reps/carol/availability", ADMIN_TOKEN, "{\"status\":\"asleep\"}"), 400,
                "expected one of [available, paused, out-of-office]");
        assertError(call("PUT", "/api/reps/carol/capacity", ADMIN_TOKEN, "{\"perDay\":-1}"), 400, "cannot be negative");

        String held = postCampaignLead("other");
        JsonNode heldView = lead(held);
        assertThat(heldView.path("status").asText()).isEqualTo("HELD");
        assertThat(heldView.path("decision").path("trace").path("skipped").get(0).path("reason").asText()).startsWith("out of office until");

        assertThat(call("PUT", "/api/reps/carol/availability", ADMIN_TOKEN, "{\"status\":\"available\"}").statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().until(() -> "ASSIGNED".equals(lead(held).path("status").asText()));

        JsonNode reps = json.readTree(call("GET", "/api/reps", ADMIN_TOKEN, null).body()).path("reps");
        JsonNode carol = null;
        for (JsonNode r : reps) {
            if ("carol".equals(r.path("id").asText())) {
                carol = r;
            }
        }
        assertThat(carol).isNotNull();
        assertThat(carol.path("availability").path("status").asText()).isEqualTo("available");
        assertThat(carol.path("availability").path("changedBy").asText()).isEqualTo("admin");
        assertThat(carol.path("ledger").get(0).path("teamId").asText()).isEqualTo("solo");
        assertThat(carol.path("open").path("count").asInt()).isPositive();
        JsonNode audit = json.readTree(call("GET", "/api/audit?target=rep:carol", ADMIN_TOKEN, null).body()).path("entries");
        assertThat(audit.findValuesAsText("detail")).contains("available", "out-of-office until 2099-01-01T00:00:00Z");
        JsonNode queues = json.readTree(call("GET", "/api/queues", ADMIN_TOKEN, null).body()).path("queues");
        assertThat(queues.get(0).path("id").asText()).isEqualTo("pool");
        assertThat(queues.get(0).path("eligibleReps").toString()).isEqualTo("[\"alice\",\"bob\"]");
    }

    @Test
    void simulateDecidesLeadsWithoutWritingAndComparesAProposedPolicy() throws Exception {
        String body = "{\"leads\":[{\"sourceId\":\"form-website\",\"email\":\"x@y.com\",\"attributes\":{\"utm_campaign\":\"pull\"}},"
                + "{\"sourceId\":\"form-website\",\"email\":\"z@y.com\"}]}";
        HttpResponse<String> r = call("POST", "/api/policy/simulate", ADMIN_TOKEN, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode decisions = json.readTree(r.body()).path("decisions");
        assertThat(decisions.get(0).path("outcome").asText()).isEqualTo("enqueue");
        assertThat(decisions.get(1).path("repId").asText()).isEqualTo("carol");

        assertError(call("POST", "/api/policy/simulate", ADMIN_TOKEN, "{\"policy\":\"teams: [\",\"leads\":[{\"email\":\"a@b.co\"}]}"),
                422, "proposed policy");
        assertError(call("POST", "/api/policy/simulate", ADMIN_TOKEN, "{\"leads\":[{\"email\":\"not-an-email\"}]}"), 400, "leads[0]");
        postCampaignLead("other");
        HttpResponse<String> replay = call("POST", "/api/policy/simulate", ADMIN_TOKEN,
                "{\"from\":\"2000-01-01T00:00:00Z\",\"to\":\"2100-01-01T00:00:00Z\"}");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).path("leads").asInt()).isPositive();
        assertThat(json.readTree(replay.body()).path("changed").asInt()).isZero();
    }
}
