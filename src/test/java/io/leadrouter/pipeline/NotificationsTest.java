package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notifications end to end: the real flow queues them with the decision, the notifier route sends them with
 * camel-slack to a Slack incoming webhook (WireMock) and camel-mail over SMTP (GreenMail).
 */
class NotificationsTest extends AbstractAppTest {
    static final WireMockServer SLACK = startSlack();
    static final GreenMail MAIL = startMail();
    static final String CONSOLE = "https://leads.example.com";
    static final String SALESFORCE_HOST = "acme.my.salesforce.com";

    @Autowired
    JdbcTemplate jdbc;

    static WireMockServer startSlack() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hooks/alice").willReturn(aResponse().withStatus(200).withBody("ok")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hooks/frank").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("internal_error")).willSetStateTo("failed once"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hooks/frank").inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(500).withBody("internal_error")).willSetStateTo("failed twice"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hooks/frank").inScenario("flaky").whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        return server;
    }

    static GreenMail startMail() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @DynamicPropertySource
    static void notifyPolicy(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "notifytest");
        registry.add("leadrouter.policy-file", () -> "src/test/resources/policy/notify-test.yaml");
        registry.add("camel.component.servlet.servlet-name", () -> "NotifyTestServlet");
        registry.add("leadrouter.public-url", () -> CONSOLE + "/");
        registry.add("leadrouter.notify.enabled", () -> "true");
        registry.add("leadrouter.notify.slack.alice", () -> SLACK.baseUrl() + "/hooks/alice");
        registry.add("leadrouter.notify.slack.frank", () -> SLACK.baseUrl() + "/hooks/frank");
        registry.add("leadrouter.notify.smtp.host", () -> "127.0.0.1");
        registry.add("leadrouter.notify.smtp.port", () -> String.valueOf(MAIL.getSmtp().getPort()));
        registry.add("leadrouter.notify.smtp.from", () -> "leadrouter@example.com");
        registry.add("leadrouter.notify.retry-delay", () -> "PT0.1S");
        registry.add("leadrouter.notify.poll-interval", () -> "PT0.1S");
        registry.add("leadrouter.notify.salesforce-instance", () -> SALESFORCE_HOST);
    }

    /** Posts a lead with a last name unique to the test, and waits for its first decision. */
    String postLead(String lastName, String campaign) throws Exception {
        String id = postLead("{\"email\":\"" + UUID.randomUUID() + "@acme.com\",\"firstName\":\"Jo\",\"lastName\":\""
                + lastName + "\",\"company\":\"Acme\",\"country\":\"DE\"" + (campaign == null ? "" : ",\"utm_campaign\":\""
                + campaign + "\"") + "}");
        await().until(() -> !"RECEIVED".equals(lead(id).path("status").asText()));
        return id;
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    List<String> slackTexts(String hook, String mark) throws Exception {
        return SLACK.findAll(postRequestedFor(urlEqualTo("/hooks/" + hook))).stream()
                .map(r -> r.getBodyAsString()).filter(b -> b.contains(mark)).toList();
    }

    /** Emails received whose subject names {@code mark}, by recipient. */
    static Map<String, List<MimeMessage>> mails(String mark) throws Exception {
        Map<String, List<MimeMessage>> byRecipient = new java.util.TreeMap<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            if (m.getSubject().contains(mark)) {
                for (var to : m.getRecipients(Message.RecipientType.TO)) {
                    byRecipient.computeIfAbsent(to.toString(), k -> new java.util.ArrayList<>()).add(m);
                }
            }
        }
        return byRecipient;
    }

    static String linkPattern(String leadId) {
        return "(?s).*(" + java.util.regex.Pattern.quote(CONSOLE + "/leads/" + leadId) + "|https://"
                + java.util.regex.Pattern.quote(SALESFORCE_HOST) + "/lightning/r/Lead/[A-Za-z0-9]{15,18}/view).*";
    }

    @Test
    void aPushedLeadSendsItsRepOneSlackMessageAndOneEmailWithTheLink() throws Exception {
        String name = unique("Pushed");
        String leadId = postLead(name, null);
        assertThat(lead(leadId).path("decision").path("repId").asText()).isEqualTo("alice");

        await().untilAsserted(() -> {
            assertThat(slackTexts("alice", name)).hasSize(1);
            assertThat(mails(name)).containsOnlyKeys("alice@example.com");
        });
        String slack = slackTexts("alice", name).get(0);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(slack).path("text").asText())
                .contains("New lead for you: Jo " + name + " (Acme)").contains("Source: form-website").matches(linkPattern(leadId))
                .doesNotContain("@acme.com");
        MimeMessage mail = mails(name).get("alice@example.com").get(0);
        assertThat(mail.getSubject()).isEqualTo("New lead for you: Jo " + name + " (Acme)");
        assertThat(GreenMailUtil.getBody(mail)).matches(linkPattern(leadId));
        assertThat(Arrays.toString(mail.getFrom())).contains("leadrouter@example.com");
        assertThat(mails(name).get("alice@example.com")).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notifications WHERE lead_id = ? AND sent_at IS NOT NULL",
                Integer.class, leadId)).isEqualTo(2);
    }

    @Test
    void aQueuedLeadNotifiesTheAvailableMembersOfTheEligibleTeams() throws Exception {
        String name = unique("Queued");
        String leadId = postLead(name, "pull");
        assertThat(lead(leadId).path("status").asText()).isEqualTo("QUEUED");

        await().untilAsserted(() -> assertThat(mails(name)).containsOnlyKeys("bob@example.com"));
        assertThat(mails(name).get("bob@example.com").get(0).getSubject()).isEqualTo("New lead in queue pool: Jo " + name + " (Acme)");
        assertThat(jdbc.queryForList("SELECT recipient FROM notifications WHERE lead_id = ?", String.class, leadId))
                .as("dave is inactive: not told").containsExactly("bob@example.com");
    }

    @Test
    void aLadderStepRunningOutTellsTheTeamsManager() throws Exception {
        String name = unique("Late");
        String leadId = postLead(name, "sla");
        assertThat(lead(leadId).path("decision").path("repId").asText()).isEqualTo("erin");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(mails(name)).containsKey("carol@example.com"));
        MimeMessage mail = mails(name).get("carol@example.com").get(0);
        assertThat(mail.getSubject()).isEqualTo("SLA breach on lead Jo " + name + " (Acme): deadline passed without a first touch");
        assertThat(GreenMailUtil.getBody(mail)).matches(linkPattern(leadId));
        assertThat(lead(leadId).path("decision").path("repId").asText()).isEqualTo("sales-ops");
    }

    @Test
    void aFailingSlackWebhookIsRetriedAndNeitherTheDecisionNorTheCrmWriteWaitsForIt() throws Exception {
        String name = unique("Flaky");
        String leadId = postLead(name, "flaky");
        assertThat(lead(leadId).path("decision").path("repId").asText()).isEqualTo("frank");
        await().untilAsserted(() -> assertThat(SALESFORCE.owners(leadId)).containsExactly("005Hs00000Ab6MnIAJ"));

        await().untilAsserted(() -> assertThat(jdbc.queryForMap("SELECT attempts, sent_at FROM notifications WHERE lead_id = ?",
                leadId)).satisfies(row -> {
                    assertThat(row.get("sent_at")).isNotNull();
                    assertThat(row.get("attempts")).isEqualTo(3);
                }));
        assertThat(slackTexts("frank", name)).hasSize(3);
        assertThat(lead(leadId).path("status").asText()).isEqualTo("ASSIGNED");
    }
}
