package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Salesforce Outbound Messages end to end: SOAP envelopes POSTed to /intake/hook-salesforce-outbound are answered with
 * the documented Ack once durable, each Lead notification is mapped on its own, leads we wrote ourselves are
 * recognised, and refused messages get a SOAP fault with nothing stored.
 */
class SalesforceOutboundTest extends AbstractAppTest {
    private static final String PATH = "/intake/hook-salesforce-outbound";
    private static final String ACK = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
            + "<notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\"><Ack>true</Ack></notificationsResponse>"
            + "</soapenv:Body></soapenv:Envelope>";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 10);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEnvelopeWithTwoLeadNotificationsBecomesTwoLeadsAndTheExactAck() throws Exception {
        String ada = "ada-" + IDS.incrementAndGet() + "@example.com";
        String charles = "charles-" + IDS.incrementAndGet() + "@example.org";
        String body = envelope(SALESFORCE_ORG, notification(leadFields(ada, "Ada", "Lovelace", "+44 20 7946 0958")),
                notification(leadFields(charles, "Charles", "Babbage", null)));

        HttpResponse<String> response = post(PATH, "text/xml; charset=utf-8", body, "SOAPAction", "\"\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ACK);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "").toLowerCase()).isEqualTo("text/xml;charset=utf-8"));
        JsonNode first = awaitLead(ada);
        assertThat(first.path("lead").path("phone").asText()).isEqualTo("+442079460958");
        assertThat(first.path("lead").path("company").asText()).isEqualTo("Acme & Sons");
        assertThat(awaitLead(charles).path("lead").path("lastName").asText()).isEqualTo("Babbage");
    }

    @Test
    void theSameMessageAgainIsAcknowledgedAndStoredOnce() throws Exception {
        String email = "again-" + IDS.incrementAndGet() + "@example.com";
        String body = envelope(SALESFORCE_ORG, notification(leadFields(email, "Again", "Sent", null)));

        HttpResponse<String> first = post(PATH, "text/xml; charset=utf-8", body);
        awaitLead(email);
        HttpResponse<String> again = post(PATH, "text/xml; charset=utf-8", body);

        assertThat(first.body()).isEqualTo(ACK);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(ACK);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submissions WHERE source_id = 'hook-salesforce-outbound'"
                + " AND body = ?", Integer.class, (Object) body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(leads(email)).hasSize(1);
    }

    @Test
    void aWrongOrganizationGetsAClientFaultAndNothingIsStored() throws Exception {
        int before = submissions();
        String body = envelope("00D000000000001AAA", notification(leadFields("wrong-org@example.com", "Wrong", "Org", null)));

        HttpResponse<String> response = post(PATH, "text/xml; charset=utf-8", body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(response.body()).startsWith("<soapenv:Envelope").contains("<faultcode>soapenv:Client</faultcode>",
                "OrganizationId is not an allowed organization");
        assertThat(submissions()).isEqualTo(before);
    }

    @Test
    void aDoctypeOrExternalEntityIsAFaultNeverStoredAndNeverAJavaErrorPage() throws Exception {
        int before = submissions();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + envelope(SALESFORCE_ORG, notification(leadFields("&xxe;", "X", "Xe", null))).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
                + "<lolz>&lol2;</lolz>";

        for (String body : List.of(xxe, billionLaughs, "<not-closed>")) {
            HttpResponse<String> response = post(PATH, "text/xml; charset=utf-8", body);
            assertThat(response.statusCode()).as(body).isBetween(400, 499);
            assertThat(response.body()).startsWith("<soapenv:Envelope").contains("<faultcode>soapenv:Client</faultcode>")
                    .doesNotContain("Exception", "root:", "at io.leadrouter");
        }
        assertThat(submissions()).isEqualTo(before);
    }

    @Test
    void ourOwnLeadEchoedBackIsNotANewLeadAndAnOwnerChangeIsAHistoryEvent() throws Exception {
        String email = "ours-" + IDS.incrementAndGet() + "@example.com";
        String leadId = postLead("{\"email\":\"" + email + "\",\"first_name\":\"Ours\"}");
        String queueOwned = leadFields(email, "Ours", "Lead", null) + "<sf:OwnerId>00G5g000004AbCdEAK</sf:OwnerId>"
                + "<sf:LeadRouter_Id__c>" + leadId + "</sf:LeadRouter_Id__c>";
        String repTookIt = leadFields(email, "Ours", "Lead", null) + "<sf:OwnerId>0055g00000XyZ12AAB</sf:OwnerId>"
                + "<sf:LeadRouter_Id__c>" + leadId + "</sf:LeadRouter_Id__c>";

        HttpResponse<String> response = post(PATH, "text/xml; charset=utf-8",
                envelope(SALESFORCE_ORG, notification(queueOwned), notification(repTookIt)));

        assertThat(response.body()).isEqualTo(ACK);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> changes = new ArrayList<>();
            lead(leadId).path("history").forEach(e -> {
                if (e.path("type").asText().equals("crm-owner-changed")) {
                    changes.add(e);
                }
            });
            assertThat(changes).singleElement().satisfies(e -> {
                assertThat(e.path("actor").asText()).isEqualTo("salesforce");
                assertThat(e.path("reason").asText()).contains("OwnerId is now 0055g00000XyZ12AAB");
            });
        });
        assertThat(leads(email)).extracting(l -> l.path("leadId").asText()).containsExactly(leadId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejections WHERE source_id = 'hook-salesforce-outbound'"
                + " AND reasons LIKE ?", Integer.class, "%" + email + "%")).isZero();
    }

    private int submissions() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM submissions WHERE source_id = 'hook-salesforce-outbound'", Integer.class);
    }

    /** An Outbound Message as Salesforce sends it (see salesforce/outbound-message-2-leads.xml). */
    private static String envelope(String organizationId, String... notifications) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                + " <soapenv:Body>\n  <notifications xmlns=\"http://soap.sforce.com/2005/09/outbound\">\n"
                + "   <OrganizationId>" + organizationId + "</OrganizationId>\n"
                + "   <ActionId>04k5g000000CaR2AAK</ActionId>\n   <SessionId xsi:nil=\"true\"/>\n"
                + "   <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/62.0/00D5g000004ZxQv</EnterpriseUrl>\n"
                + "   <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/62.0/00D5g000004ZxQv</PartnerUrl>\n"
                + String.join("", notifications)
                + "  </notifications>\n </soapenv:Body>\n</soapenv:Envelope>\n";
    }

    private static String notification(String sObjectFields) {
        return "   <Notification>\n    <Id>04l5g00000G" + IDS.incrementAndGet() + "</Id>\n"
                + "    <sObject xsi:type=\"sf:Lead\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\">\n"
                + sObjectFields + "\n    </sObject>\n   </Notification>\n";
    }

    private static String leadFields(String email, String first, String last, String phone) {
        return "<sf:Id>00Q5g0000" + IDS.incrementAndGet() + "</sf:Id><sf:Company>Acme &amp; Sons</sf:Company>"
                + "<sf:Email>" + email + "</sf:Email><sf:FirstName>" + first + "</sf:FirstName>"
                + "<sf:LastName>" + last + "</sf:LastName><sf:LeadSource>Web</sf:LeadSource>"
                + (phone == null ? "<sf:Phone xsi:nil=\"true\"/>" : "<sf:Phone>" + phone + "</sf:Phone>");
    }

    private JsonNode awaitLead(String email) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            found.addAll(leads(email));
            return !found.isEmpty();
        });
        assertThat(found.get(0).path("sourceId").asText()).isEqualTo("hook-salesforce-outbound");
        return found.get(0);
    }

    private List<JsonNode> leads(String email) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        json.readTree(get("/api/leads?email=" + email, ADMIN_TOKEN).body()).path("leads").forEach(found::add);
        return found;
    }
}
