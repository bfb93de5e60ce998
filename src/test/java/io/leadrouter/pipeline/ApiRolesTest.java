package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The four roles at the API: admin (everything), rep and partner (only the rep API, only for themselves), integration
 * (reads leads and rejections, replays rejections, nothing else); tokens shown once; request bodies limited everywhere.
 */
class ApiRolesTest extends AbstractAppTest {

    @Test
    void anIntegrationTokenReadsLeadsAndRejectionsAndChangesNothing() throws Exception {
        String leadId = postLead("{\"email\":\"integration-" + UUID.randomUUID() + "@example.com\"}");
        HttpResponse<String> issued = call("POST", "/api/integrations/warehouse/tokens", ADMIN_TOKEN, "{\"label\":\"dwh\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode body = json.readTree(issued.body());
        String token = body.path("token").asText();
        assertThat(token).startsWith("lr_int_");
        assertThat(body.path("note").asText()).contains("shown once");
        HttpResponse<String> listed = call("GET", "/api/integrations/warehouse/tokens", ADMIN_TOKEN, null);
        assertThat(listed.body()).contains(body.path("id").asText()).doesNotContain(token);

        assertThat(call("GET", "/api/leads/" + leadId, token, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/leads?source=form-website", token, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/rejections?source=form-website", token, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/rejections/no-such-rejection/replay", token, null).statusCode()).isEqualTo(404);

        String[][] forbidden = {
                {"PUT", "/api/reps/alice/availability", "{\"status\":\"paused\"}"},
                {"POST", "/api/reps/alice/tokens", "{}"},
                {"POST", "/api/integrations/other/tokens", "{}"},
                {"POST", "/api/policy/simulate", "{\"leads\":[]}"},
                {"GET", "/api/reps/me", null},
                {"POST", "/api/leads/" + leadId + "/touch", "{}"},
                {"GET", "/api/overview", null},
                {"GET", "/api/audit", null},
                {"GET", "/api/deadletters", null},
                {"DELETE", "/api/rejections/x", null}};
        for (String[] f : forbidden) {
            HttpResponse<String> r = call(f[0], f[1], token, f[2]);
            assertThat(r.statusCode()).as(f[0] + " " + f[1] + ": " + r.body()).isEqualTo(403);
            assertThat(r.body()).contains("integration token may only read leads and rejections");
        }

        assertThat(call("DELETE", "/api/integrations/warehouse/tokens/" + body.path("id").asText(), ADMIN_TOKEN, null).statusCode())
                .isEqualTo(204);
        HttpResponse<String> revoked = call("GET", "/api/leads/" + leadId, token, null);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("unknown or revoked");
    }

    @Test
    void onlyTheAdminIssuesIntegrationTokensAndAnIntegrationNamedLikeARepIsNoRep() throws Exception {
        String rep = token("alice");
        assertThat(call("POST", "/api/integrations/warehouse/tokens", rep, "{}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/rejections", rep, null).statusCode()).as("a rep reads no rejections").isEqualTo(403);
        HttpResponse<String> badName = call("POST", "/api/integrations/Not%20A%20Name/tokens", ADMIN_TOKEN, "{}");
        assertThat(badName.statusCode()).as(badName.body()).isEqualTo(400);

        HttpResponse<String> issued = call("POST", "/api/integrations/alice/tokens", ADMIN_TOKEN, "{}");
        String lookalike = json.readTree(issued.body()).path("token").asText();
        assertThat(call("GET", "/api/reps/me", lookalike, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/reps/alice/tokens", ADMIN_TOKEN, null).body()).as("rep tokens list only rep tokens")
                .doesNotContain(json.readTree(issued.body()).path("id").asText());
    }

    @Test
    void aRepActsOnlyForThemselves() throws Exception {
        String first = postLead("{\"email\":\"self-a-" + UUID.randomUUID() + "@example.com\"}");
        String second = postLead("{\"email\":\"self-b-" + UUID.randomUUID() + "@example.com\"}");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                !lead(first).path("decision").path("repId").asText().isEmpty() && !lead(second).path("decision").path("repId").asText().isEmpty());
        String holder = lead(first).path("decision").path("repId").asText();
        String other = lead(second).path("decision").path("repId").asText();
        assertThat(other).as("round robin gave the two leads to two reps").isNotEqualTo(holder);
        String otherToken = token(other);

        for (String action : new String[] {"release", "touch", "done"}) {
            HttpResponse<String> r = call("POST", "/api/leads/" + first + "/" + action, otherToken, "{}");
            assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(403);
        }
        assertThat(call("GET", "/api/reps/me/leads/" + first, otherToken, null).statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/api/reps/" + holder + "/availability", otherToken, "{\"status\":\"paused\"}").statusCode())
                .as("a rep changes no one's availability, not even through the admin API").isEqualTo(403);
        assertThat(call("POST", "/api/reps/" + holder + "/tokens", otherToken, "{}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/leads/" + first, otherToken, null).statusCode()).isEqualTo(403);
        assertThat(lead(first).path("status").asText()).as("nothing changed").isEqualTo("ASSIGNED");

        HttpResponse<String> done = call("POST", "/api/leads/" + first + "/done", token(holder), "{}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    }

    @Test
    void everyApiBodyIsLimited() throws Exception {
        String big = "{\"leads\":[\"" + "x".repeat(1_100_000) + "\"]}";
        HttpResponse<String> declared = call("POST", "/api/policy/simulate", ADMIN_TOKEN, big);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(declared.body()).contains("leadrouter.api.max-body-bytes");

        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(uri("/api/reps/alice/availability"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("no declared length: counted while read").isEqualTo(413);

        HttpResponse<String> small = HTTP.send(HttpRequest.newBuilder(uri("/api/reps/alice/availability"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                "{\"status\":\"available\"}".getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).as("a small chunked body still works: " + small.body()).isEqualTo(200);

        assertThat(call("POST", "/api/policy/simulate", null, big).statusCode()).as("no token: refused before reading").isEqualTo(401);
    }
}
