package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.SubmissionEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Kept rejections (listed, replayable) and admin lead search. */
class RejectionsAndSearchTest extends AbstractAppTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Inbox inbox;

    @Test
    void rejectedFormPostIsKeptWithItsBytesAndReasons() throws Exception {
        String body = "{\"email\":\"bob@\",\"first_name\":\"Bob-" + UUID.randomUUID() + "\"}";
        HttpResponse<String> response = post("/intake/form-website", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        String rejectionId = json.readTree(response.body()).path("rejectionId").asText();
        assertThat(rejectionId).isNotBlank();

        JsonNode listed = json.readTree(get("/api/rejections?source=form-website&limit=500", ADMIN_TOKEN).body()).path("rejections");
        JsonNode kept = null;
        for (JsonNode r : listed) {
            if (r.path("rejectionId").asText().equals(rejectionId)) {
                kept = r;
            }
        }
        assertThat(kept).as("the rejection is listed").isNotNull();
        assertThat(kept.path("submitted").asText()).isEqualTo(body);
        assertThat(kept.path("errors").get(0).path("field").asText()).isEqualTo("email");

        HttpResponse<String> replay = post("/api/rejections/" + rejectionId + "/replay", "application/json", "",
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(replay.statusCode()).as("the mapping is unchanged, so it still does not map").isEqualTo(422);
        assertThat(json.readTree(replay.body()).path("errors").get(0).path("field").asText()).isEqualTo("email");

        HttpResponse<String> again = post("/intake/form-website", "application/json", body);
        assertThat(json.readTree(again.body()).path("rejectionId").asText()).as("the same bytes again are the same rejection").isEqualTo(rejectionId);
        assertThat(get("/api/rejections", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/rejections/nope/replay", "application/json", "", "Authorization", "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void replayAfterAMappingFixCreatesTheLeadOnce() throws Exception {
        HttpResponse<String> response = post("/intake/form-website", "application/json", "{\"mail\":\"fixed-" + UUID.randomUUID() + "@example.com\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        String rejectionId = json.readTree(response.body()).path("rejectionId").asText();
        // The fixed mapping reads the "mail" key the shipped one does not know.
        Inbox.ReplayResult replayed = inbox.replay(rejectionId, stored -> List.of(new SubmissionEvent.MappedLead(0, null, "{}",
                "{\"sourceId\":\"form-website\",\"email\":\"fixed@example.com\",\"attributes\":{}}", "fixed@example.com", null, false))).orElseThrow();
        assertThat(replayed.succeeded()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lead(replayed.leadId()).path("status").asText().equals("RECEIVED"));
        assertThat(inbox.replay(rejectionId, stored -> List.of()).orElseThrow().leadId()).as("a second replay changes nothing")
                .isEqualTo(replayed.leadId());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE submission_id = (SELECT submission_id FROM rejections WHERE rejection_id = ?)",
                Integer.class, rejectionId)).isEqualTo(1);
        JsonNode rejection = json.readTree(get("/api/rejections/" + rejectionId, ADMIN_TOKEN).body());
        assertThat(rejection.path("leadId").asText()).isEqualTo(replayed.leadId());
    }

    @Test
    void leadsAreSearchableAndTheViewShowsTheRawSubmission() throws Exception {
        String email = "search-" + UUID.randomUUID() + "@example.com";
        String leadId = postLead("{\"email\":\"" + email.toUpperCase() + "\",\"company\":\"Search Co\"}");
        JsonNode found = json.readTree(get("/api/leads?source=form-website&email=" + email + "&limit=5", ADMIN_TOKEN).body()).path("leads");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("leadId").asText()).isEqualTo(leadId);
        assertThat(found.get(0).path("lead").path("company").asText()).isEqualTo("Search Co");
        assertThat(found.get(0).path("receivedAt").asText()).isNotBlank();
        JsonNode view = lead(leadId);
        assertThat(view.path("submission").path("contentType").asText()).isEqualTo("application/json");
        assertThat(view.path("submission").path("bytes").asInt()).isGreaterThan(10);
        // The body was the whole event: no JSON copy is stored, the view reads the submission's bytes.
        assertThat(view.path("submitted").path("company").asText()).isEqualTo("Search Co");
        assertThat(get("/api/leads?status=nonsense", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/leads?email=" + email, null).statusCode()).isEqualTo(401);
    }
}
