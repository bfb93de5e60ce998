package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.leadrouter.testing.FakeHubSpot;
import io.leadrouter.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HubSpot write-back through our {@code hubspot:} component against WireMock at the wire, with the website form mapped
 * to both CRMs ({@code crm: [salesforce, hubspot]}): the same rep owns the lead in Salesforce and in HubSpot.
 */
class HubSpotWriteBackTest extends AbstractAppTest {
    static final Path MAPPINGS = bothCrmsMappings();

    @Autowired
    JdbcTemplate jdbc;

    /** Its own database: another context on the shared one would decide these leads with the shipped mappings. */
    @DynamicPropertySource
    static void hubspotOn(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "hubspotwritetest");
        registry.add("camel.component.servlet.servlet-name", () -> "HubSpotWriteTestServlet");
        registry.add("leadrouter.mappings-dir", MAPPINGS::toString);
        registry.add("leadrouter.crm.hubspot.enabled", () -> "true");
        registry.add("leadrouter.crm.hubspot.poll-interval", () -> "PT0.1S");
        registry.add("leadrouter.crm.hubspot.probe-interval", () -> "PT0.2S");
        registry.add("leadrouter.crm.hubspot.retry-delay", () -> "PT0.2S");
    }

    /** The repo's mappings, with form-website writing to Salesforce and HubSpot. */
    static Path bothCrmsMappings() {
        try {
            Path dir = TempDirs.create("leadrouter-mappings-both-crms");
            try (Stream<Path> files = Files.list(Path.of("mappings"))) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    if (file.getFileName().toString().equals("form-website.mapping.yaml")) {
                        String changed = text.replaceFirst("(?m)^crm: salesforce$", "crm: [salesforce, hubspot]");
                        if (changed.equals(text)) {
                            throw new IllegalStateException("form-website.mapping.yaml no longer says crm: salesforce");
                        }
                        text = changed.replaceFirst("(?m)^attributes:\n", "attributes:\n  topic: { from: topic }\n");
                    }
                    Files.writeString(dir.resolve(file.getFileName()), text, StandardCharsets.UTF_8);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void resetFakes() {
        SALESFORCE.reset();
        HUBSPOT.reset();
        HUBSPOT.acceptWrites();
    }

    @Test
    void aLeadForBothCrmsIsWrittenToEachWithTheSameRep() throws Exception {
        String email = "both-" + UUID.randomUUID() + "@example.com";
        String leadId = postLead("{\"email\":\"" + email + "\",\"first_name\":\"Grace\",\"company\":\"Navy\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(leadId, "hubspot").path("status").asText())
                && "WRITTEN".equals(write(leadId, "salesforce").path("status").asText()));
        JsonNode decision = lead(leadId).path("decision");
        String repId = decision.path("repId").asText();
        JsonNode rep = json.readTree(get("/api/reps/" + repId, ADMIN_TOKEN).body());
        String salesforceUser = decision.path("owners").path("salesforce").asText();
        String hubspotOwner = decision.path("owners").path("hubspot").asText();
        assertThat(salesforceUser).startsWith("005");
        assertThat(hubspotOwner).matches("\\d+");
        assertThat(rep.toString()).as("both ids are the same rep's").contains(salesforceUser, hubspotOwner);
        assertThat(SALESFORCE.records(leadId).get(0).path("OwnerId").asText()).isEqualTo(salesforceUser);

        JsonNode input = HUBSPOT.upsertedInputs().stream()
                .filter(i -> i.path("properties").path("leadrouter_id").asText().equals(leadId)).findFirst().orElseThrow();
        assertThat(input.path("idProperty").asText()).isEqualTo("email");
        assertThat(input.path("id").asText()).isEqualTo(email);
        JsonNode properties = input.path("properties");
        assertThat(properties.path("hubspot_owner_id").asText()).isEqualTo(hubspotOwner);
        assertThat(properties.path("email").asText()).isEqualTo(email);
        assertThat(properties.path("firstname").asText()).isEqualTo("Grace");
        assertThat(properties.path("company").asText()).isEqualTo("Navy");
        assertThat(properties.has("phone")).as("absent fields are left out, never null").isFalse();
        properties.fields().forEachRemaining(p -> assertThat(p.getValue().isTextual()).as(p.getKey()).isTrue());
        assertThat(HUBSPOT.server().findAll(WireMock.postRequestedFor(urlPathEqualTo(FakeHubSpot.UPSERT))).get(0)
                .getHeader("Authorization")).isEqualTo("Bearer " + FakeHubSpot.TOKEN);
        assertThat(write(leadId, "hubspot").path("recordId").asText()).isEqualTo(FakeHubSpot.contactId(email));

        JsonNode crms = json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms");
        assertThat(crms.has("hubspot")).isTrue();
    }

    @Test
    void aQueuedLeadBecomesAnUnassignedTaskInTheQueuesHubSpotTaskQueueOnItsContact() throws Exception {
        String email = "pull-" + UUID.randomUUID() + "@example.com";
        String leadId = postLead("{\"email\":\"" + email + "\",\"first_name\":\"Ada\",\"topic\":\"support\","
                + "\"message\":\"Please call me back\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(leadId, "hubspot").path("status").asText()));
        assertThat(lead(leadId).path("decision").path("queueId").asText()).isEqualTo("inbound-pool");
        JsonNode input = HUBSPOT.upsertedInputs().stream()
                .filter(i -> i.path("properties").path("leadrouter_id").asText().equals(leadId)).findFirst().orElseThrow();
        assertThat(input.path("properties").has("hubspot_owner_id")).as("nobody owns a queued lead yet").isFalse();
        String contactId = FakeHubSpot.contactId(email);
        JsonNode task = HUBSPOT.createdTasks().stream()
                .filter(t -> t.path("associations").path(0).path("to").path("id").asText().equals(contactId)).findFirst().orElseThrow();
        assertThat(task.path("properties").path("hs_queue_membership_ids").asText()).isEqualTo("4001");
        assertThat(task.path("properties").has("hubspot_owner_id")).isFalse();
        assertThat(task.path("properties").path("hs_task_subject").asText()).contains("Ada");
        assertThat(task.path("properties").path("hs_task_body").asText()).isEqualTo("Please call me back");
        assertThat(task.path("associations").path(0).path("types").path(0).path("associationTypeId").asInt()).isEqualTo(204);
        assertThat(write(leadId, "hubspot").path("recordId").asText()).isEqualTo(contactId);
    }

    @Test
    void aPartialBatchWritesOneContactAndDeadLettersTheOtherWithHubSpotsMessage() throws Exception {
        String bad = "refused-" + UUID.randomUUID() + "@example.com";
        String message = "Property values were not valid: [{\"isValid\":false,\"message\":\"Email address " + bad
                + " is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]";
        HUBSPOT.refuse(bad, message);
        String refused = postLead("{\"email\":\"" + bad + "\"}");
        String accepted = postLead("{\"email\":\"fine-" + UUID.randomUUID() + "@example.com\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> "DEAD_LETTER".equals(write(refused, "hubspot").path("status").asText()));
        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(accepted, "hubspot").path("status").asText()));
        assertThat(write(refused, "hubspot").path("detail").asText()).contains("VALIDATION_ERROR", "INVALID_EMAIL");
        JsonNode letter = null;
        for (JsonNode d : json.readTree(get("/api/deadletters?crm=hubspot&open=true", ADMIN_TOKEN).body()).path("deadLetters")) {
            if (d.path("leadId").asText().equals(refused)) {
                letter = d;
            }
        }
        assertThat(letter).as("listed with HubSpot's own message").isNotNull();
        assertThat(letter.path("detail").asText()).contains("Email address " + bad + " is invalid");
        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(refused, "salesforce").path("status").asText()));
    }

    @Test
    void refusedCredentialsPauseTheWriterWithoutFailingAnythingAndWritesResumeOnceFixed() throws Exception {
        StubMapping unauthorized = HUBSPOT.server().stubFor(WireMock.post(urlPathEqualTo(FakeHubSpot.UPSERT)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBody(resource("unauthorized.json"))));
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            leads.add(postLead("{\"email\":\"hs-paused-" + i + "-" + UUID.randomUUID() + "@example.com\"}"));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> json.readTree(get("/api/crm", ADMIN_TOKEN).body())
                .path("crms").path("hubspot").path("paused").asBoolean());
        JsonNode status = json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms").path("hubspot");
        assertThat(status.path("reason").asText()).contains("401", "Authentication credentials not found")
                .doesNotContain(FakeHubSpot.TOKEN);
        assertThat(json.readTree(get("/actuator/health", null).body()).path("components").path("crm").path("status").asText())
                .isEqualTo("DOWN");
        for (String leadId : leads) {
            assertThat(write(leadId, "hubspot").path("status").asText()).as("nothing fails while paused").isEqualTo("PENDING");
        }

        HUBSPOT.server().removeStub(unauthorized);
        for (String leadId : leads) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "WRITTEN".equals(write(leadId, "hubspot").path("status").asText()));
        }
        assertThat(json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms").path("hubspot").path("paused").asBoolean()).isFalse();
        assertThat(json.readTree(get("/api/deadletters?crm=hubspot&open=true", ADMIN_TOKEN).body()).path("deadLetters").toString())
                .doesNotContain(leads.get(0), leads.get(1));
    }

    @Test
    void theDailyLimitStopsTheWriterUntilTheResetSaysSoAndFailsNothing() throws Exception {
        String email = "daily-" + UUID.randomUUID() + "@example.com";
        HUBSPOT.server().stubFor(WireMock.post(urlPathEqualTo(FakeHubSpot.UPSERT)).atPriority(1)
                .withRequestBody(WireMock.containing(email))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withHeader("X-HubSpot-RateLimit-Daily", "250000").withHeader("X-HubSpot-RateLimit-Daily-Remaining", "0")
                        .withBody(resource("rate-limit-daily.json"))));
        try {
            String leadId = postLead("{\"email\":\"" + email + "\"}");

            await().atMost(Duration.ofSeconds(15)).until(() -> write(leadId, "hubspot").path("detail").asText().contains("DAILY"));
            JsonNode pending = write(leadId, "hubspot");
            assertThat(pending.path("status").asText()).as(pending.toString()).isEqualTo("PENDING");
            assertThat(pending.path("attempts").asInt()).as("the daily limit is no record's failure").isZero();
            assertThat(pending.path("detail").asText()).contains("daily limit");
            Instant next = Instant.parse(pending.path("at").asText());
            assertThat(next).as("waits for the daily reset, not the short back-off").isAfter(Instant.now().plus(Duration.ofMinutes(1)));
            JsonNode status = json.readTree(get("/api/crm", ADMIN_TOKEN).body()).path("crms").path("hubspot");
            assertThat(status.path("paused").asBoolean()).as("a daily limit is not a broken connection").isFalse();
            assertThat(status.path("limited").asBoolean()).as("the writer stops sending until the reset and says so").isTrue();
            assertThat(Instant.parse(status.path("nextProbe").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
            int calls = HUBSPOT.server().findAll(WireMock.postRequestedFor(urlPathEqualTo(FakeHubSpot.UPSERT))).size();
            String other = postLead("{\"email\":\"after-daily-" + UUID.randomUUID() + "@example.com\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(other, "salesforce").path("status").asText()));
            assertThat(write(other, "hubspot").path("status").asText()).as("HubSpot is not called until the reset").isEqualTo("PENDING");
            assertThat(HUBSPOT.server().findAll(WireMock.postRequestedFor(urlPathEqualTo(FakeHubSpot.UPSERT)))).hasSize(calls);
            assertThat(json.readTree(get("/api/deadletters?crm=hubspot&open=true", ADMIN_TOKEN).body()).path("deadLetters").toString())
                    .doesNotContain(leadId);
        } finally {
            // midnight is far: lift this context's limit for the other tests
            jdbc.update("DELETE FROM crm_writer_state WHERE crm = 'hubspot'");
            jdbc.update("UPDATE outbox SET next_attempt_at = CURRENT_TIMESTAMP WHERE crm = 'hubspot'");
        }
    }

    @Test
    void theTenSecondlyLimitIsWaitedOutAsHubSpotSaysAndTheContactWrittenOnce() throws Exception {
        String email = "secondly-" + UUID.randomUUID() + "@example.com";
        HUBSPOT.server().stubFor(WireMock.post(urlPathEqualTo(FakeHubSpot.UPSERT)).atPriority(1).inScenario("secondly")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withRequestBody(WireMock.containing(email))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withHeader("X-HubSpot-RateLimit-Max", "100").withHeader("X-HubSpot-RateLimit-Remaining", "0")
                        .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "700")
                        .withBody(resource("rate-limit-ten-secondly.json")))
                .willSetStateTo("window passed"));

        String leadId = postLead("{\"email\":\"" + email + "\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> "WRITTEN".equals(write(leadId, "hubspot").path("status").asText()));
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> calls = HUBSPOT.server()
                .findAll(WireMock.postRequestedFor(urlPathEqualTo(FakeHubSpot.UPSERT)).withRequestBody(WireMock.containing(email)));
        assertThat(calls).as("refused once, then written once").hasSize(2);
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime())
                .as("waited for the interval HubSpot named").isGreaterThanOrEqualTo(700);
        assertThat(HUBSPOT.upsertedInputs().stream().filter(i -> i.path("id").asText().equals(email)).count()).isEqualTo(2);
    }

    private JsonNode write(String leadId, String crm) throws Exception {
        for (JsonNode w : lead(leadId).path("crm")) {
            if (w.path("crm").asText().equals(crm)) {
                return w;
            }
        }
        return json.missingNode();
    }

    private static String resource(String name) throws IOException {
        try (var in = HubSpotWriteBackTest.class.getResourceAsStream("/hubspot/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
