package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import com.fasterxml.jackson.core.type.TypeReference;
import io.leadrouter.intake.PayloadEnricher;
import io.leadrouter.testing.FakeHubSpot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * HubSpot webhooks v3 end to end: signed batches POSTed to /intake/hook-hubspot are acknowledged at once; contact
 * creations become leads with the contact read from HubSpot (WireMock), owner changes become history events on the
 * lead we hold, and one bad event never drops the others.
 */
class HubSpotWebhookTest extends AbstractAppTest {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 10);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    List<SourceEnricher> enrichers;

    @Test
    void aBatchOfTwoCreationsAndAnOwnerChangeBecomesTwoLeadsAndOneHistoryEvent() throws Exception {
        long ada = IDS.incrementAndGet();
        long grace = IDS.incrementAndGet();
        long known = IDS.incrementAndGet();
        String adaEmail = "ada-" + ada + "@example.com";
        String graceEmail = "grace-" + grace + "@example.com";
        String knownEmail = "known-" + known + "@example.com";
        String ourLead = postLead("{\"email\":\"" + knownEmail + "\",\"first_name\":\"Known\"}");
        HUBSPOT.contact(ada, Map.of("email", adaEmail, "firstname", "Ada", "lastname", "Lovelace", "country", "United Kingdom",
                "company", "Analytical Engines", "hubspot_owner_id", "3210"));
        HUBSPOT.contact(grace, Map.of("email", graceEmail, "firstname", "Grace", "lastname", "Hopper", "phone", "(415) 555-0132"));
        HUBSPOT.contact(known, Map.of("email", knownEmail, "firstname", "Known"));
        String body = "[" + creation(ada) + "," + creation(grace) + "," + propertyChange(known, "hubspot_owner_id", "98765") + "]";

        long started = System.nanoTime();
        HttpResponse<String> response = signedPost(body, System.currentTimeMillis());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        JsonNode adaLead = awaitLead(adaEmail);
        assertThat(adaLead.path("lead").path("firstName").asText()).isEqualTo("Ada");
        assertThat(adaLead.path("lead").path("country").asText()).isEqualTo("GB");
        assertThat(adaLead.path("lead").path("attributes").path("hubspot_contact_id").asText()).isEqualTo(String.valueOf(ada));
        assertThat(awaitLead(graceEmail).path("lead").path("phone").asText()).isEqualTo("+14155550132");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(ourLead, "crm-owner-changed"))
                .singleElement().satisfies(event -> {
                    assertThat(event.path("actor").asText()).isEqualTo("hubspot");
                    assertThat(event.path("reason").asText()).contains("hubspot_owner_id is now 98765", "CRM_UI");
                }));
        assertThat(leads("hook-hubspot", knownEmail)).as("an owner change is not a new lead").isEmpty();
        assertThat(rejectionsOf(response)).isEmpty();
    }

    @Test
    void theSameRequestAgainIsAcknowledgedAndStoredOnce() throws Exception {
        long id = IDS.incrementAndGet();
        String email = "twice-" + id + "@example.com";
        HUBSPOT.contact(id, Map.of("email", email, "firstname", "Twice"));
        String body = "[" + creation(id) + "]";
        long timestamp = System.currentTimeMillis();

        HttpResponse<String> first = signedPost(body, timestamp);
        HttpResponse<String> again = signedPost(body, timestamp);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(json.readTree(again.body()).path("submissionId").asText())
                .isEqualTo(json.readTree(first.body()).path("submissionId").asText());
        awaitLead(email);
        awaitMapped(first);
        assertThat(leads("hook-hubspot", email)).hasSize(1);
    }

    @Test
    void aTamperedOrExpiredRequestIsRefusedAndNothingIsStored() throws Exception {
        long id = IDS.incrementAndGet();
        String body = "[" + creation(id) + "]";
        long now = System.currentTimeMillis();
        String signature = sign(body, now);
        String tampered = body.replace("\"objectId\":" + id, "\"objectId\":" + (id + 1));
        Integer before = jdbc.queryForObject("SELECT COUNT(*) FROM submissions WHERE source_id = 'hook-hubspot'", Integer.class);

        HttpResponse<String> changed = post("/intake/hook-hubspot", "application/json", tampered,
                "X-HubSpot-Signature-v3", signature, "X-HubSpot-Request-Timestamp", String.valueOf(now));
        long sixMinutesAgo = now - Duration.ofMinutes(6).toMillis();
        HttpResponse<String> expired = signedPost(body, sixMinutesAgo);
        HttpResponse<String> unsigned = post("/intake/hook-hubspot", "application/json", body);

        assertThat(changed.statusCode()).isEqualTo(401);
        assertThat(changed.body()).contains("signature does not match");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("timestamp is 6 minutes");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submissions WHERE source_id = 'hook-hubspot'", Integer.class))
                .isEqualTo(before);
        assertThat(HUBSPOT.reads(id)).isZero();
    }

    @Test
    void aContactHubSpotDoesNotHaveIsAKeptRejectionAndTheOtherEventStillBecomesALead() throws Exception {
        long missing = IDS.incrementAndGet();
        long present = IDS.incrementAndGet();
        String email = "present-" + present + "@example.com";
        HUBSPOT.missing(missing);
        HUBSPOT.contact(present, Map.of("email", email, "lastname", "Present"));

        HttpResponse<String> response = signedPost("[" + creation(missing) + "," + creation(present) + "]", System.currentTimeMillis());

        assertThat(response.statusCode()).isEqualTo(200);
        awaitLead(email);
        awaitMapped(response);
        List<Map<String, Object>> rejections = rejectionsOf(response);
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(((Number) r.get("event_index")).intValue()).isZero();
            assertThat((String) r.get("reasons")).contains("HubSpot contact " + missing + " does not exist (404", "OBJECT_NOT_FOUND");
        });
    }

    @Test
    void anOwnerChangeOfAContactWeDoNotKnowIsIgnoredWithoutARejection() throws Exception {
        long stranger = IDS.incrementAndGet();
        HUBSPOT.contact(stranger, Map.of("email", "stranger-" + stranger + "@example.com"));

        HttpResponse<String> response = signedPost("[" + propertyChange(stranger, "hs_lead_status", "OPEN") + "]",
                System.currentTimeMillis());

        assertThat(response.statusCode()).isEqualTo(200);
        awaitMapped(response);
        assertThat(HUBSPOT.reads(stranger)).isEqualTo(1);
        assertThat(rejectionsOf(response)).isEmpty();
        assertThat(leads(null, "stranger-" + stranger + "@example.com")).isEmpty();
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryableAndNoReasonCarriesTheToken() throws Exception {
        long limited = IDS.incrementAndGet();
        long broken = IDS.incrementAndGet();
        HUBSPOT.rateLimited(limited);
        HUBSPOT.failing(broken, 502);
        PayloadEnricher hubspot = enrichers.stream().filter(e -> e.sourceId().equals("hook-hubspot")).findFirst().orElseThrow().enricher();

        for (long id : new long[] {limited, broken}) {
            Map<String, Object> event = json.readValue(creation(id), new TypeReference<Map<String, Object>>() { });
            assertThatThrownBy(() -> hubspot.enrich(event)).isInstanceOfSatisfying(PayloadEnricher.EnrichmentException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("contact " + id).doesNotContain(FakeHubSpot.TOKEN);
            });
        }
        assertThatThrownBy(() -> hubspot.enrich(json.readValue(creation(limited), Map.class)))
                .hasMessageContaining("429").hasMessageContaining("SECONDLY");
    }

    private static String creation(long contactId) {
        long eventId = IDS.incrementAndGet();
        return "{\"eventId\":" + eventId + ",\"subscriptionId\":2345678,\"portalId\":62515,\"appId\":54321,"
                + "\"occurredAt\":" + System.currentTimeMillis() + ",\"subscriptionType\":\"contact.creation\","
                + "\"attemptNumber\":0,\"objectId\":" + contactId + ",\"changeFlag\":\"CREATED\",\"changeSource\":\"CRM_UI\","
                + "\"sourceId\":\"userId:1234567\"}";
    }

    private static String propertyChange(long contactId, String property, String value) {
        long eventId = IDS.incrementAndGet();
        return "{\"eventId\":" + eventId + ",\"subscriptionId\":2345679,\"portalId\":62515,\"appId\":54321,"
                + "\"occurredAt\":" + System.currentTimeMillis() + ",\"subscriptionType\":\"contact.propertyChange\","
                + "\"attemptNumber\":0,\"objectId\":" + contactId + ",\"propertyName\":\"" + property + "\","
                + "\"propertyValue\":\"" + value + "\",\"changeSource\":\"CRM_UI\",\"sourceId\":\"userId:1234567\"}";
    }

    private HttpResponse<String> signedPost(String body, long timestamp) throws Exception {
        return post("/intake/hook-hubspot", "application/json", body,
                "X-HubSpot-Signature-v3", sign(body, timestamp), "X-HubSpot-Request-Timestamp", String.valueOf(timestamp));
    }

    /** HubSpot's v3 signature: base64 HMAC-SHA256 of method + the URL HubSpot called + body + timestamp. */
    private static String sign(String body, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HUBSPOT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal(("POST" + HUBSPOT_PUBLIC_URL + body + timestamp).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }

    private JsonNode awaitLead(String email) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            found.addAll(leads("hook-hubspot", email));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private List<JsonNode> leads(String source, String email) throws Exception {
        String query = "/api/leads?email=" + email + (source == null ? "" : "&source=" + source);
        List<JsonNode> found = new ArrayList<>();
        json.readTree(get(query, ADMIN_TOKEN).body()).path("leads").forEach(found::add);
        return found;
    }

    private List<JsonNode> history(String leadId, String type) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        lead(leadId).path("history").forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                events.add(e);
            }
        });
        return events;
    }

    private void awaitMapped(HttpResponse<String> response) throws Exception {
        String submissionId = json.readTree(response.body()).path("submissionId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM submission_pending WHERE submission_id = ?", Integer.class, submissionId) == 0);
    }

    private List<Map<String, Object>> rejectionsOf(HttpResponse<String> response) throws Exception {
        awaitMapped(response);
        return jdbc.queryForList("SELECT event_index, reasons FROM rejections WHERE submission_id = ?",
                json.readTree(response.body()).path("submissionId").asText());
    }
}
