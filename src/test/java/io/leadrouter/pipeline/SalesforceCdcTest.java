package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadrouter.testing.FakePubSub;
import io.leadrouter.testing.FakeSalesforce;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.PubSubApiConsumer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Salesforce Lead Change Data Capture end to end: the real camel-salesforce Pub/Sub consumer logs in against the
 * Salesforce fake, subscribes to /data/LeadChangeEvent on a gRPC server playing the Pub/Sub API, and receives
 * Avro-encoded events. A Lead a person created becomes a lead; an owner change of a lead we wrote becomes a history
 * event; our own writes echoed back and events delivered twice change nothing.
 */
@Import(SalesforceCdcTest.PlainTextPubSub.class)
class SalesforceCdcTest extends AbstractAppTest {
    static final FakePubSub PUBSUB = FakePubSub.start("00D000000000001!AQ0AQFakeAccessTokenForTests");
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 10);
    private static final String SOMEONE_ELSE = "0055g00000XyZ12AAB";

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void cdc(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "salesforcecdctest");
        registry.add("camel.component.servlet.servlet-name", () -> "SalesforceCdcTestServlet");
        registry.add("leadrouter.sources.salesforce-cdc.enabled", () -> "true");
        registry.add("camel.component.salesforce.pub-sub-host", () -> "127.0.0.1");
        registry.add("camel.component.salesforce.pub-sub-port", PUBSUB::port);
    }

    /** The Pub/Sub consumer talks TLS unless told otherwise, and only from Java; the fake speaks plaintext. */
    @TestConfiguration
    static class PlainTextPubSub {
        @Bean
        CamelContextConfiguration plainTextPubSub() {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext context) {
                    context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                        @Override
                        public void notify(CamelEvent event) {
                            if (event instanceof CamelEvent.RouteEvent routeEvent
                                    && routeEvent.getRoute().getConsumer() instanceof PubSubApiConsumer consumer) {
                                consumer.setUsePlainTextConnection(true);
                            }
                        }
                    });
                }

                @Override
                public void afterApplicationStart(CamelContext context) {
                }
            };
        }
    }

    @BeforeEach
    void subscribed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> PUBSUB.subscribed(FakePubSub.TOPIC));
    }

    @Test
    void aLeadCreatedByAPersonInSalesforceBecomesALead() throws Exception {
        String email = "grace-" + IDS.incrementAndGet() + "@example.com";
        String recordId = recordId();

        PUBSUB.deliver(created(recordId, "", email, "Grace", "Hopper"));

        JsonNode found = awaitLead(email);
        JsonNode view = lead(found.path("leadId").asText());
        JsonNode lead = view.path("lead");
        assertThat(lead.path("email").asText()).as(view.toString()).isEqualTo(email);
        assertThat(lead.path("firstName").asText()).isEqualTo("Grace");
        assertThat(lead.path("lastName").asText()).isEqualTo("Hopper");
        assertThat(lead.path("company").asText()).isEqualTo("Acme & Sons");
        assertThat(lead.path("phone").asText()).isEqualTo("+442079460958");
        assertThat(lead.path("country").asText()).isEqualTo("GB");
        assertThat(lead.path("city").asText()).isEqualTo("London");
        assertThat(view.toString()).contains(recordId);
    }

    @Test
    void theSameEventDeliveredTwiceIsOneLead() throws Exception {
        String email = "twice-" + IDS.incrementAndGet() + "@example.com";
        String transactionKey = transactionKey();
        GenericRecord event = PUBSUB.leadEvent("CREATE", recordId(), "", transactionKey, fields(email, "Twice", "Sent"));
        String marker = "marker-" + IDS.incrementAndGet() + "@example.com";

        String replayId = PUBSUB.deliver(event);
        PUBSUB.redeliver(event, replayId);
        // events are handled in order: once the marker's lead exists, the second delivery has been handled too
        PUBSUB.deliver(created(recordId(), "", marker, "Marker", "Event"));

        awaitLead(marker);
        assertThat(leads(email)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submissions WHERE source_id = 'salesforce-cdc' AND idem_key LIKE ?",
                Integer.class, "%" + transactionKey + "%")).isEqualTo(1);
    }

    @Test
    void anOwnerChangeOfALeadWeWroteIsAHistoryEventAndOurOwnWritesEchoedBackAreIgnored() throws Exception {
        String email = "ours-" + IDS.incrementAndGet() + "@example.com";
        String leadId = postLead("{\"email\":\"" + email + "\",\"first_name\":\"Ours\",\"company\":\"Acme\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> lead(leadId).path("crm").path(0).path("status").asText().equals("WRITTEN"));
        List<JsonNode> written = SALESFORCE.records(leadId);
        String ourOwner = written.get(written.size() - 1).path("OwnerId").asText();
        String recordId = FakeSalesforce.recordId(leadId);
        assertThat(SALESFORCE.server().getAllServeEvents()).anySatisfy(served ->
                assertThat(served.getRequest().getHeader("Sforce-Call-Options")).isEqualTo("client=leadrouter"));
        String ourApi = "com/salesforce/api/rest/59.0;client=leadrouter";

        // our upsert creating the Lead, and our owner written again, come back as change events: both ours
        Map<String, Object> ourCreate = fields(email, "Ours", "Lead");
        ourCreate.put("OwnerId", ourOwner);
        ourCreate.put("LeadRouter_Id__c", leadId);
        PUBSUB.deliver(PUBSUB.leadEvent("CREATE", recordId, ourApi, transactionKey(), ourCreate));
        PUBSUB.deliver(PUBSUB.leadEvent("UPDATE", recordId, ourApi, transactionKey(), Map.of("OwnerId", ourOwner)));
        // the same owner again from an API client that does not name itself: still our owner
        PUBSUB.deliver(PUBSUB.leadEvent("UPDATE", recordId, "com/salesforce/api/soap/59.0", transactionKey(), Map.of("OwnerId", ourOwner)));
        // an owner we wrote ourselves (changeOrigin names us) even though it is not the rep the lead has here yet
        PUBSUB.deliver(PUBSUB.leadEvent("UPDATE", recordId, ourApi, transactionKey(), Map.of("OwnerId", SOMEONE_ELSE)));
        // a rep takes the lead over in Lightning
        String takeover = PUBSUB.deliver(PUBSUB.leadEvent("UPDATE", recordId, "", transactionKey(), Map.of("OwnerId", SOMEONE_ELSE,
                "LastModifiedById", SOMEONE_ELSE)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ownerChanges(leadId)).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("salesforce");
            assertThat(e.path("reason").asText()).contains("OwnerId is now " + SOMEONE_ELSE, takeover);
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM submission_pending p"
                + " JOIN submissions s ON s.submission_id = p.submission_id WHERE s.source_id = 'salesforce-cdc'", Integer.class) == 0);
        assertThat(ownerChanges(leadId)).hasSize(1);
        assertThat(leads(email)).extracting(l -> l.path("leadId").asText()).containsExactly(leadId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejections WHERE source_id = 'salesforce-cdc'", Integer.class)).isZero();
    }

    private List<JsonNode> ownerChanges(String leadId) throws Exception {
        List<JsonNode> changes = new ArrayList<>();
        lead(leadId).path("history").forEach(e -> {
            if (e.path("type").asText().equals("crm-owner-changed")) {
                changes.add(e);
            }
        });
        return changes;
    }

    private GenericRecord created(String recordId, String changeOrigin, String email, String first, String last) {
        return PUBSUB.leadEvent("CREATE", recordId, changeOrigin, transactionKey(), fields(email, first, last));
    }

    /** The fields of a Lead created in Salesforce's UI, as its create event carries them. */
    private static Map<String, Object> fields(String email, String first, String last) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", Map.of("FirstName", first, "LastName", last));
        fields.put("Company", "Acme & Sons");
        fields.put("Email", email);
        fields.put("Phone", "+44 20 7946 0958");
        fields.put("Address", Map.of("City", "London", "Country", "United Kingdom"));
        fields.put("LeadSource", "Phone Inquiry");
        fields.put("Status", "Open - Not Contacted");
        fields.put("OwnerId", "0055g00000Ab1CdAAJ");
        fields.put("IsConverted", false);
        fields.put("CreatedDate", System.currentTimeMillis());
        fields.put("CreatedById", "0055g00000Ab1CdAAJ");
        return fields;
    }

    private static String recordId() {
        return "00Q5g" + String.format("%013d", IDS.incrementAndGet());
    }

    private static String transactionKey() {
        return UUID.randomUUID().toString();
    }

    private JsonNode awaitLead(String email) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            found.clear();
            found.addAll(leads(email));
            return !found.isEmpty();
        });
        assertThat(found.get(0).path("sourceId").asText()).isEqualTo("salesforce-cdc");
        return found.get(0);
    }

    private List<JsonNode> leads(String email) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        json.readTree(get("/api/leads?email=" + email, ADMIN_TOKEN).body()).path("leads").forEach(found::add);
        return found;
    }
}
