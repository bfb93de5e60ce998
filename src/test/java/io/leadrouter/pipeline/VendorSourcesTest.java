package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The shipped vendor sources through real HTTP: signatures, replays, vendor-shaped payloads, Meta's Graph API. */
@ExtendWith(OutputCaptureExtension.class)
class VendorSourcesTest extends AbstractAppTest {
    private static final Duration MAPPED = Duration.ofSeconds(15);

    // ---- Typeform ----------------------------------------------------------------------------------------------

    @Test
    void typeformSignedResponseBecomesALeadAndItsReplayIsStoredOnce() throws Exception {
        String email = unique("laura");
        String body = typeform(UUID.randomUUID().toString(), email);
        HttpResponse<String> first = post("/intake/hook-typeform", "application/json", body,
                "Typeform-Signature", "sha256=" + base64(hmac(TYPEFORM_SECRET, body)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode lead = awaitLead("hook-typeform", email);
        assertThat(lead.path("lead").path("firstName").asText()).isEqualTo("Laura");
        assertThat(lead.path("lead").path("phone").asText()).isEqualTo("+14155550132");
        assertThat(lead.path("lead").path("consent").asBoolean()).isTrue();

        HttpResponse<String> replay = post("/intake/hook-typeform", "application/json", body,
                "Typeform-Signature", "sha256=" + base64(hmac(TYPEFORM_SECRET, body)));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(search("hook-typeform", email)).hasSize(1);
    }

    @Test
    void typeformTamperedOrWronglySignedBodiesAreRefusedAndNotStored() throws Exception {
        String email = unique("mallory");
        String signed = typeform(UUID.randomUUID().toString(), unique("laura"));
        String tampered = signed.replaceFirst("\"email\": \"[^\"]+\"", "\"email\": \"" + email + "\"");
        assertThat(tampered).isNotEqualTo(signed);
        HttpResponse<String> forged = post("/intake/hook-typeform", "application/json", tampered,
                "Typeform-Signature", "sha256=" + base64(hmac(TYPEFORM_SECRET, signed)));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        assertThat(json.readTree(forged.body()).toString()).contains("signature");

        HttpResponse<String> wrongSecret = post("/intake/hook-typeform", "application/json", tampered,
                "Typeform-Signature", "sha256=" + base64(hmac("not-the-secret", tampered)));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(post("/intake/hook-typeform", "application/json", tampered).statusCode()).isEqualTo(401);
        assertThat(search("hook-typeform", email)).isEmpty();
    }

    // ---- Meta Lead Ads -----------------------------------------------------------------------------------------

    @Test
    void metaVerificationHandshakeEchoesTheChallengeOnlyForTheVerifyToken() throws Exception {
        HttpResponse<String> ok = get("/intake/hook-meta-leadgen?hub.mode=subscribe&hub.verify_token=" + META_VERIFY_TOKEN
                + "&hub.challenge=1158201444", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(ok.body()).isEqualTo("1158201444");

        HttpResponse<String> wrong = get("/intake/hook-meta-leadgen?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444", null);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(wrong.body()).doesNotContain("1158201444").contains("hub.verify_token");

        HttpResponse<String> otherSource = get("/intake/hook-typeform?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1", null);
        assertThat(otherSource.statusCode()).isEqualTo(405);
        assertThat(get("/intake/hook-meta-leadgen", null).statusCode()).isEqualTo(405);
    }

    @Test
    void metaLeadIsCompletedFromTheGraphApiEvenAfterAGraph500(CapturedOutput output) throws Exception {
        String leadgenId = leadgenId();
        String email = unique("grace");
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/v21.0/" + leadgenId)).inScenario(leadgenId)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"An unknown error has occurred.\",\"type\":\"OAuthException\",\"code\":1,\"fbtrace_id\":\"AbC1dEf2GhI\"}}")));
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/v21.0/" + leadgenId)).inScenario(leadgenId)
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(graphLead(leadgenId, email))));
        String body = metaWebhook(leadgenId);

        HttpResponse<String> response = post("/intake/hook-meta-leadgen", "application/json", body,
                "X-Hub-Signature-256", "sha256=" + hex(hmac(META_APP_SECRET, body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode lead = awaitLead("hook-meta-leadgen", email);
        assertThat(lead.path("lead").path("firstName").asText()).isEqualTo("Grace");
        assertThat(lead.path("lead").path("lastName").asText()).isEqualTo("Hopper");
        assertThat(lead.path("lead").path("company").asText()).isEqualTo("Example Navy");
        assertThat(lead.path("lead").path("attributes").path("meta_ad_id").asText()).isEqualTo("238496582736191");
        GRAPH.verify(2, getRequestedFor(urlPathEqualTo("/v21.0/" + leadgenId))
                .withQueryParam("access_token", equalTo(META_ACCESS_TOKEN))
                .withQueryParam("fields", equalTo("field_data,created_time,ad_id,form_id")));

        HttpResponse<String> replay = post("/intake/hook-meta-leadgen", "application/json", body,
                "X-Hub-Signature-256", "sha256=" + hex(hmac(META_APP_SECRET, body)));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(search("hook-meta-leadgen", email)).hasSize(1);
        assertThat(output.getAll()).doesNotContain(META_ACCESS_TOKEN);
    }

    @Test
    void metaTamperedOrWrongSecretIsRefusedBeforeTheGraphApiIsCalled() throws Exception {
        String leadgenId = leadgenId();
        String body = metaWebhook(leadgenId);
        String tampered = body.replace(leadgenId, leadgenId());
        HttpResponse<String> forged = post("/intake/hook-meta-leadgen", "application/json", tampered,
                "X-Hub-Signature-256", "sha256=" + hex(hmac(META_APP_SECRET, body)));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        HttpResponse<String> wrongSecret = post("/intake/hook-meta-leadgen", "application/json", body,
                "X-Hub-Signature-256", "sha256=" + hex(hmac("another-app-secret", body)));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(GRAPH.findAll(getRequestedFor(urlPathEqualTo("/v21.0/" + leadgenId)))).isEmpty();
    }

    @Test
    void aLeadDeletedAtMetaIsAKeptRejectionNamingGraphsError() throws Exception {
        String leadgenId = leadgenId();
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/v21.0/" + leadgenId)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Unsupported get request. Object with ID '" + leadgenId + "' does not exist, "
                        + "cannot be loaded due to missing permissions, or does not support this operation.\",\"type\":\"GraphMethodException\","
                        + "\"code\":100,\"error_subcode\":33,\"fbtrace_id\":\"AbC1dEf2GhJ\"}}")));
        String body = metaWebhook(leadgenId);
        HttpResponse<String> response = post("/intake/hook-meta-leadgen", "application/json", body,
                "X-Hub-Signature-256", "sha256=" + hex(hmac(META_APP_SECRET, body)));
        assertThat(response.statusCode()).isEqualTo(200);
        String submissionId = json.readTree(response.body()).path("submissionId").asText();
        await().atMost(MAPPED).untilAsserted(() -> {
            JsonNode rejections = json.readTree(get("/api/rejections?source=hook-meta-leadgen&limit=500", ADMIN_TOKEN).body()).path("rejections");
            JsonNode mine = null;
            for (JsonNode r : rejections) {
                if (submissionId.equals(r.path("submissionId").asText())) {
                    mine = r;
                }
            }
            assertThat(mine).as("rejection of submission " + submissionId).isNotNull();
            assertThat(mine.path("errors").toString()).contains("400").contains("does not exist").doesNotContain(META_ACCESS_TOKEN);
        });
        GRAPH.verify(1, getRequestedFor(urlPathEqualTo("/v21.0/" + leadgenId)));
    }

    // ---- Google Ads --------------------------------------------------------------------------------------------

    @Test
    void googleAdsLeadWithTheFormKeyIsMappedAndItsReplayStoredOnce() throws Exception {
        String email = unique("ada");
        String body = googleAds("lead-" + UUID.randomUUID(), GOOGLE_ADS_KEY, false, email);
        HttpResponse<String> response = post("/intake/hook-google-ads", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode lead = awaitLead("hook-google-ads", email);
        assertThat(lead.path("lead").path("firstName").asText()).isEqualTo("Ada");
        assertThat(lead.path("lead").path("lastName").asText()).isEqualTo("van der Berg");
        assertThat(lead.path("lead").path("city").asText()).isEqualTo("San Francisco");
        assertThat(lead.path("status").asText()).isNotEqualTo("TEST");

        assertThat(post("/intake/hook-google-ads", "application/json", body).statusCode()).isEqualTo(200);
        assertThat(search("hook-google-ads", email)).hasSize(1);
    }

    @Test
    void googleAdsWrongKeyIsRefused() throws Exception {
        String email = unique("eve");
        HttpResponse<String> response = post("/intake/hook-google-ads", "application/json",
                googleAds("lead-" + UUID.randomUUID(), "not-the-key", false, email));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(search("hook-google-ads", email)).isEmpty();
    }

    @Test
    void googleAdsTestLeadIsStoredAsTestAndNeverRouted() throws Exception {
        String email = unique("tester");
        HttpResponse<String> response = post("/intake/hook-google-ads", "application/json",
                googleAds("lead-" + UUID.randomUUID(), GOOGLE_ADS_KEY, true, email));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode lead = awaitLead("hook-google-ads", email);
        assertThat(lead.path("status").asText()).isEqualTo("TEST");
        JsonNode decision = lead.path("decision");
        assertThat(decision.isMissingNode() || decision.isNull()).as("decision " + decision).isTrue();
        assertThat(lead.path("position").isMissingNode()).isTrue();
    }

    // ---- Unbounce ----------------------------------------------------------------------------------------------

    @Test
    void unbounceFormPostIsReadInsideDataJsonAndItsReplayStoredOnce() throws Exception {
        String email = unique("katherine");
        String dataJson = "{\"first_name\":[\"Katherine\"],\"last_name\":[\"Johnson\"],\"email\":[\"" + email + "\"],"
                + "\"phone_number\":[\"(757) 555-0111\"],\"company_name\":[\"NACA\"],\"ip_address\":[\"198.51.100.7\"],"
                + "\"page_uuid\":[\"a2e0c8d6-1c3f-11e2-9f5a-12313d2a5c91\"],\"variant\":[\"b\"],\"time_submitted\":[\"04:14 PM UTC\"],"
                + "\"date_submitted\":[\"2024-05-14\"],\"page_url\":[\"http://unbouncepages.com/spring-webinar/\"],\"page_name\":[\"Spring webinar\"]}";
        String body = form("page_id", "a2e0c8d6-1c3f-11e2-9f5a-12313d2a5c91", "page_name", "Spring webinar",
                "page_url", "http://unbouncepages.com/spring-webinar/", "variant", "b", "data.json", dataJson,
                "data.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><form_data><email>" + email + "</email></form_data>");
        HttpResponse<String> response = post("/intake/hook-unbounce", "application/x-www-form-urlencoded", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode lead = awaitLead("hook-unbounce", email);
        assertThat(lead.path("lead").path("lastName").asText()).isEqualTo("Johnson");
        assertThat(lead.path("lead").path("phone").asText()).isEqualTo("+17575550111");
        assertThat(lead.path("lead").path("attributes").path("unbounce_variant").asText()).isEqualTo("b");

        assertThat(post("/intake/hook-unbounce", "application/x-www-form-urlencoded", body).statusCode()).isEqualTo(200);
        assertThat(search("hook-unbounce", email)).hasSize(1);
    }

    // ---- Gravity Forms -----------------------------------------------------------------------------------------

    @Test
    void gravityFormsEntryWithTheBearerSecretIsMappedAndItsReplayStoredOnce() throws Exception {
        String email = unique("mary");
        String body = gravityEntry(String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000)), email);
        HttpResponse<String> response = post("/intake/hook-gravity-forms", "application/json", body,
                "Authorization", "Bearer " + GRAVITY_FORMS_SECRET);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode lead = awaitLead("hook-gravity-forms", email);
        assertThat(lead.path("lead").path("firstName").asText()).isEqualTo("Mary");
        assertThat(lead.path("lead").path("lastName").asText()).isEqualTo("Jackson");
        assertThat(lead.path("lead").path("consent").asBoolean()).isTrue();

        assertThat(post("/intake/hook-gravity-forms", "application/json", body,
                "Authorization", "Bearer " + GRAVITY_FORMS_SECRET).statusCode()).isEqualTo(200);
        assertThat(search("hook-gravity-forms", email)).hasSize(1);
    }

    @Test
    void gravityFormsWithoutOrWithAWrongBearerIsRefused() throws Exception {
        String email = unique("eve");
        String body = gravityEntry("77", email);
        assertThat(post("/intake/hook-gravity-forms", "application/json", body,
                "Authorization", "Bearer wrong-secret").statusCode()).isEqualTo(401);
        assertThat(post("/intake/hook-gravity-forms", "application/json", body).statusCode()).isEqualTo(401);
        assertThat(search("hook-gravity-forms", email)).isEmpty();
    }

    // ---- Contact Form 7 ----------------------------------------------------------------------------------------

    @Test
    void contactForm7UrlencodedAndMultipartPostsAreAccepted() throws Exception {
        String email = unique("dorothy");
        String body = form("_wpcf7", "123", "_wpcf7_version", "5.9.3", "_wpcf7_locale", "en_US",
                "_wpcf7_unit_tag", "wpcf7-f123-p45-o1", "_wpcf7_container_post", "45", "your-name", "Dorothy Vaughan",
                "your-email", email, "your-tel", "(757) 555-0142", "your-subject", "Pricing",
                "your-message", "I'd like a demo.", "acceptance-123", "1");
        HttpResponse<String> response = post("/intake/form-contact-form-7", "application/x-www-form-urlencoded", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode lead = lead(json.readTree(response.body()).path("leadId").asText());
        assertThat(lead.path("lead").path("firstName").asText()).isEqualTo("Dorothy");
        assertThat(lead.path("lead").path("lastName").asText()).isEqualTo("Vaughan");
        assertThat(lead.path("lead").path("consent").asBoolean()).isTrue();
        assertThat(lead.path("lead").path("attributes").path("subject").asText()).isEqualTo("Pricing");
        assertThat(lead.path("lead").path("attributes").has("_wpcf7")).isFalse();

        String multipartEmail = unique("mae");
        String boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        String multipart = part(boundary, "_wpcf7", "123") + part(boundary, "_wpcf7_unit_tag", "wpcf7-f123-p45-o1")
                + part(boundary, "your-name", "Mae Jemison") + part(boundary, "your-email", multipartEmail)
                + part(boundary, "your-message", "Hello") + "--" + boundary + "--\r\n";
        HttpResponse<String> multi = post("/intake/form-contact-form-7", "multipart/form-data; boundary=" + boundary, multipart);
        assertThat(multi.statusCode()).as(multi.body()).isEqualTo(202);
        assertThat(lead(json.readTree(multi.body()).path("leadId").asText()).path("lead").path("lastName").asText()).isEqualTo("Jemison");

        HttpResponse<String> invalid = post("/intake/form-contact-form-7", "application/x-www-form-urlencoded",
                form("_wpcf7", "123", "your-name", "Ada", "your-email", "ada@"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).contains("email");
    }

    @Test
    void contactForm7BrowserPostIsRedirectedToTheThankYouPage() throws Exception {
        String email = unique("browser");
        HttpResponse<String> response = post("/intake/form-contact-form-7", "application/x-www-form-urlencoded",
                form("_wpcf7", "123", "your-name", "Ada Lovelace", "your-email", email, "your-message", "Hi"),
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains(CF7_THANK_YOU);
        assertThat(search("form-contact-form-7", email)).hasSize(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private JsonNode awaitLead(String source, String email) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(MAPPED).untilAsserted(() -> {
            JsonNode leads = search(source, email);
            assertThat(leads).hasSize(1);
            found[0] = leads.get(0);
        });
        try {
            return lead(found[0].path("leadId").asText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode search(String source, String email) throws Exception {
        HttpResponse<String> response = get("/api/leads?source=" + source + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&limit=10", ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("leads");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String leadgenId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    private static String typeform(String eventId, String email) {
        return """
                {
                  "event_id": "%s",
                  "event_type": "form_response",
                  "form_response": {
                    "form_id": "lT4Z3j",
                    "token": "a3a12ec67a1365927098a606107fac15",
                    "landed_at": "2024-05-14T09:12:41Z",
                    "submitted_at": "2024-05-14T09:14:02Z",
                    "hidden": { "utm_source": "linkedin" },
                    "definition": {
                      "id": "lT4Z3j",
                      "title": "Book a demo",
                      "fields": [
                        { "id": "SMEUb7VJz92Q", "title": "What's your first name?", "type": "short_text", "ref": "first_name", "properties": {} },
                        { "id": "k3Ve1xQ9tFzA", "title": "Work email", "type": "email", "ref": "email", "properties": {} },
                        { "id": "Q7bW2nH8sJcR", "title": "Phone", "type": "phone_number", "ref": "phone", "properties": {} },
                        { "id": "Z9xC4vB7nM1q", "title": "I agree to be contacted", "type": "legal", "ref": "consent", "properties": {} }
                      ]
                    },
                    "answers": [
                      { "type": "text", "text": "Laura", "field": { "id": "SMEUb7VJz92Q", "type": "short_text", "ref": "first_name" } },
                      { "type": "email", "email": "%s", "field": { "id": "k3Ve1xQ9tFzA", "type": "email", "ref": "email" } },
                      { "type": "phone_number", "phone_number": "+14155550132", "field": { "id": "Q7bW2nH8sJcR", "type": "phone_number", "ref": "phone" } },
                      { "type": "boolean", "boolean": true, "field": { "id": "Z9xC4vB7nM1q", "type": "legal", "ref": "consent" } }
                    ]
                  }
                }
                """.formatted(eventId, email);
    }

    private static String metaWebhook(String leadgenId) {
        return """
                {"object":"page","entry":[{"id":"153125381133","time":1438292065,"changes":[{"field":"leadgen","value":\
                {"leadgen_id":"%s","page_id":"153125381133","form_id":"981625378543912","adgroup_id":"0",\
                "ad_id":"238496582736191","created_time":1438292065}}]}]}""".formatted(leadgenId);
    }

    private static String graphLead(String leadgenId, String email) {
        return """
                {"created_time":"2015-07-30T21:34:25+0000","id":"%s","ad_id":"238496582736191","form_id":"981625378543912",\
                "field_data":[{"name":"full_name","values":["Grace Hopper"]},{"name":"email","values":["%s"]},\
                {"name":"phone_number","values":["+14155550199"]},{"name":"company_name","values":["Example Navy"]}]}""".formatted(leadgenId, email);
    }

    private static String googleAds(String leadId, String key, boolean test, String email) {
        return """
                {
                  "lead_id": "%s",
                  "api_version": "1.0",
                  "form_id": 40000000000,
                  "campaign_id": 20000000000,
                  "google_key": "%s",
                  "is_test": %s,
                  "gcl_id": "EAIaIQobChMI0pLq-example",
                  "adgroup_id": 30000000000,
                  "creative_id": 50000000000,
                  "user_column_data": [
                    { "column_name": "Full Name", "string_value": "Ada van der Berg", "column_id": "FULL_NAME" },
                    { "column_name": "User Email", "string_value": "%s", "column_id": "EMAIL" },
                    { "column_name": "User Phone", "string_value": "+1 415-555-0132", "column_id": "PHONE_NUMBER" },
                    { "column_name": "Company Name", "string_value": "Example Corp", "column_id": "COMPANY_NAME" },
                    { "column_name": "Job Title", "string_value": "CTO", "column_id": "JOB_TITLE" },
                    { "column_name": "Country", "string_value": "US", "column_id": "COUNTRY" },
                    { "column_name": "Postal Code", "string_value": "94105", "column_id": "POSTAL_CODE" },
                    { "column_name": "City", "string_value": "San Francisco", "column_id": "CITY" },
                    { "column_name": "Region", "string_value": "California", "column_id": "REGION" }
                  ]
                }
                """.formatted(leadId, key, test, email);
    }

    private static String gravityEntry(String entryId, String email) {
        return """
                {"id":"%s","form_id":"3","post_id":null,"date_created":"2024-05-14 09:14:02","date_updated":"2024-05-14 09:14:02",\
                "is_starred":"0","is_read":"0","ip":"198.51.100.23","source_url":"https:\\/\\/www.example.com\\/contact\\/",\
                "user_agent":"Mozilla\\/5.0 (X11; Linux x86_64)","currency":"USD","created_by":null,"status":"active",\
                "1.2":"","1.3":"Mary","1.4":"","1.6":"Jackson","1.8":"","2":"%s","3":"(757) 555-0123","4":"Example Aero",\
                "5":"Please send pricing.","6.1":"1"}""".formatted(entryId, email);
    }

    private static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static byte[] hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
