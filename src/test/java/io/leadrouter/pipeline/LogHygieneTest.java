package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadrouter.testing.FakeSalesforce;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Reads the log of a representative flow — valid and invalid leads through a form and two webhooks, decisions, the
 * rep, integration and admin API, Salesforce writes on WireMock including a refusal that quotes the email address —
 * with our own code at DEBUG, and checks that no email address, phone number, token or source secret is in it, and
 * that lines written while a lead is handled carry its id.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest extends AbstractAppTest {
    /** Any email address, and any phone number in international form, as they would look unmasked. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+[0-9][0-9 ().-]{6,}[0-9]");

    @BeforeEach
    void resetSalesforce() {
        SALESFORCE.reset();
    }

    @Test
    void aRepresentativeFlowLogsNoPersonalDataTokenOrSecretAndTagsLinesWithTheLeadId(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("io.leadrouter", LogLevel.DEBUG);
        List<String> personal = new ArrayList<>();
        List<String> leadIds = new ArrayList<>();
        String repToken;
        String integrationToken;
        try {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            // a refusal whose message quotes the address, as Salesforce's INVALID_EMAIL_ADDRESS does
            String refusedEmail = "refused-" + tag + "@example.com";
            personal.add(refusedEmail);
            SALESFORCE.server().stubFor(patch(urlPathEqualTo(FakeSalesforce.UPSERT)).atPriority(1)
                    .withRequestBody(containing(refusedEmail))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("[{\"success\":false,\"errors\":[{\"statusCode\":\"INVALID_EMAIL_ADDRESS\",\"message\":"
                                    + "\"Email: invalid email address: " + refusedEmail + "\",\"fields\":[\"Email\"]}]}]")));
            String refused = postLead("{\"email\":\"" + refusedEmail + "\",\"last_name\":\"Refused\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> lead(refused).path("crm").path(0).path("detail").asText()
                    .contains("INVALID_EMAIL_ADDRESS"));
            assertThat(lead(refused).path("crm").path(0).path("detail").asText()).as("kept for the admin").contains(refusedEmail);

            for (int i = 0; i < 3; i++) {
                String email = "log-hygiene-" + i + "-" + tag + "@example.com";
                String phone = "+1 415 555 01" + (20 + i);
                personal.add(email);
                personal.add("+1415555012" + i);
                leadIds.add(postLead("{\"email\":\"" + email + "\",\"phone\":\"" + phone + "\",\"first_name\":\"Grace\","
                        + "\"last_name\":\"Hopper\",\"company\":\"Navy\",\"message\":\"call me at " + phone + "\"}"));
            }
            String brokenEmail = "broken-" + tag + "@example";
            personal.add(brokenEmail);
            HttpResponse<String> invalid = post("/intake/form-website", "application/json",
                    "{\"email\":\"" + brokenEmail + "\",\"phone\":\"+44 20 7946 09\"}");
            assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);

            String webhookEmail = "webhook-" + tag + "@example.com";
            personal.add(webhookEmail);
            HttpResponse<String> webhook = post("/intake/hook-gravity-forms", "application/json",
                    "{\"id\":\"" + tag + "\",\"form_id\":\"3\",\"1.3\":\"Mary\",\"1.6\":\"Jackson\",\"2\":\"" + webhookEmail
                            + "\",\"3\":\"(757) 555-0123\",\"4\":\"Example Aero\"}",
                    "Authorization", "Bearer " + GRAVITY_FORMS_SECRET);
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
            assertThat(post("/intake/hook-gravity-forms", "application/json", "{}", "Authorization", "Bearer wrong-secret")
                    .statusCode()).isEqualTo(401);

            repToken = token(lead(leadIds.get(0)).path("decision").path("repId").asText());
            HttpResponse<String> issued = call("POST", "/api/integrations/warehouse/tokens", ADMIN_TOKEN, "{\"label\":\"dwh\"}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            integrationToken = json.readTree(issued.body()).path("token").asText();
            assertThat(call("GET", "/api/reps/me/leads", repToken, null).statusCode()).isEqualTo(200);
            assertThat(call("POST", "/api/leads/" + leadIds.get(0) + "/touch", repToken, "{\"note\":\"called +1 415 555 0120\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(call("GET", "/api/leads/" + leadIds.get(1), integrationToken, null).statusCode()).isEqualTo(200);
            assertThat(call("GET", "/api/rejections?source=form-website", integrationToken, null).statusCode()).isEqualTo(200);
            assertThat(call("GET", "/api/leads/" + leadIds.get(1), repToken + "x", null).statusCode()).isEqualTo(401);

            // the net for what slips through: a library logging an exception message that quotes the address
            String quoted = "quoted-" + tag + "@example.com";
            personal.add(quoted);
            org.slf4j.LoggerFactory.getLogger("org.example.SomeLibrary").warn("request failed for {} (+44 20 7946 0958)", quoted);

            for (String leadId : leadIds) {
                await().atMost(Duration.ofSeconds(20)).until(() -> lead(leadId).path("crm").path(0).path("status").asText()
                        .equals("WRITTEN"));
            }
        } finally {
            logging.setLogLevel("io.leadrouter", null);
        }

        String log = output.getAll();
        assertThat(log).as("the flow was logged with our DEBUG lines").contains("decided: ASSIGNED");
        assertThat(log).as("the intake's acknowledgement line carries the lead id")
                .containsPattern("lead=" + leadIds.get(0) + " .*acknowledged");
        assertThat(log).as("a line written while the lead was decided carries its id")
                .containsPattern("lead=" + leadIds.get(0) + " .*decided: ASSIGNED");
        assertThat(log).as("masked, not dropped").contains("request failed for ***@*** (+***)");
        for (String value : personal) {
            assertThat(log).doesNotContain(value);
        }
        assertThat(matches(EMAIL, log)).as("email addresses in the log").isEmpty();
        assertThat(matches(PHONE, log)).as("phone numbers in the log").isEmpty();
        assertThat(log).doesNotContain(ADMIN_TOKEN, repToken, integrationToken, GRAVITY_FORMS_SECRET, TYPEFORM_SECRET,
                META_APP_SECRET, META_ACCESS_TOKEN, GOOGLE_ADS_KEY, HUBSPOT_SECRET, FakeSalesforce.resource("token.json")
                        .replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
