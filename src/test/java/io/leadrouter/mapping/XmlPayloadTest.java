package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlPayloadTest {

    @Test
    void readsASalesforceOutboundMessageWithTwoLeads() throws Exception {
        Map<String, Object> message = XmlPayload.parse(fixture("outbound-message-2-leads.xml"));

        assertThat(JsonPath.<String>read(message, "$.Envelope.Body.notifications.OrganizationId")).isEqualTo("00D5g000004ZxQvEAK");
        assertThat(JsonPath.<Object>read(message, "$.Envelope.Body.notifications.SessionId")).isNull();
        List<Map<String, Object>> notifications = JsonPath.read(message, "$.Envelope.Body.notifications.Notification");
        assertThat(notifications).hasSize(2);
        assertThat(notifications).extracting(n -> n.get("Id")).containsExactly("04l5g00000G1tUxAAJ", "04l5g00000G1tUyAAJ");
        assertThat(JsonPath.<List<String>>read(message, "$.Envelope.Body.notifications.Notification[*].sObject.Email"))
                .containsExactly("ada@example.com", "charles@example.org");
        Map<String, Object> first = JsonPath.read(message, "$.Envelope.Body.notifications.Notification[0].sObject");
        assertThat(first).containsEntry("@type", "sf:Lead").containsEntry("Company", "Acme & Sons").containsEntry("Id", "00Q5g00000AbCdEEAV");
        assertThat(JsonPath.<Object>read(message, "$.Envelope.Body.notifications.Notification[1].sObject.Phone")).isNull();
    }

    @Test
    void aSingleRepeatableElementIsAMapUnlessNamedAsAlwaysAList() throws Exception {
        byte[] one = ("<Envelope><Body><notifications><OrganizationId>00D</OrganizationId>"
                + "<Notification><Id>04l1</Id><sObject><Email>a@example.com</Email></sObject></Notification>"
                + "</notifications></Body></Envelope>").getBytes(StandardCharsets.UTF_8);

        assertThat(JsonPath.<Object>read(XmlPayload.parse(one), "$.Envelope.Body.notifications.Notification")).isInstanceOf(Map.class);
        Map<String, Object> listed = XmlPayload.parse(one, Set.of("Notification"));
        List<Map<String, Object>> notifications = JsonPath.read(listed, "$.Envelope.Body.notifications.Notification");
        assertThat(notifications).hasSize(1);
        assertThat(JsonPath.<List<String>>read(listed, "$.Envelope.Body.notifications.Notification[*].sObject.Email"))
                .containsExactly("a@example.com");
        assertThat(JsonPath.<List<Object>>read(XmlPayload.parse(fixture("outbound-message-2-leads.xml"), Set.of("Notification")),
                "$.Envelope.Body.notifications.Notification")).hasSize(2);
    }

    @Test
    void keepsAttributesMixedContentAndDocumentOrder() throws Exception {
        Map<String, Object> doc = XmlPayload.parse(
                "<r xmlns:p='urn:x' p:lang='en'><a>1</a><b k='v'>text</b><a>2</a>lead <i>in</i> text<![CDATA[<raw>]]></r>"
                        .getBytes(StandardCharsets.UTF_8));

        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) doc.get("r");
        assertThat(r).containsEntry("@lang", "en").containsEntry("a", List.of("1", "2")).containsEntry("b", Map.of("@k", "v", "#text", "text"))
                .containsEntry("i", "in").containsEntry("#text", "lead  text<raw>");
        assertThat(r.keySet()).containsExactly("@lang", "a", "b", "i", "#text");
    }

    @Test
    void aTextOnlyRootIsItsText() throws Exception {
        assertThat(XmlPayload.parse("<?xml version='1.0'?><!-- c --><Ack>true</Ack>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("Ack", "true"));
    }

    @Test
    void refusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertRefused(xxe, "DOCTYPE");
        String parameterEntity = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]><r/>";
        assertRefused(parameterEntity, "DOCTYPE");
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        assertRefused(dtd.append("]><lolz>&lol9;</lolz>").toString(), "DOCTYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE r><r/>",
            "<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/r.dtd\"><r/>",
            "<!DOCTYPE r PUBLIC \"-//X//DTD X//EN\" \"r.dtd\"><r/>"})
    void refusesAnyDoctype(String xml) {
        assertRefused(xml, "DOCTYPE is not accepted");
    }

    @Test
    void refusesAnUndeclaredEntityReference() {
        assertRefused("<r>&nbsp;</r>", "nbsp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<r><a>", "<r><a></r>", "<r>", "not xml", "<r/><r/>", "<a:r xmlns:b='urn:b'/>"})
    void refusesMalformedXml(String xml) {
        assertRefused(xml, "not well-formed XML");
    }

    @Test
    void refusesAWrongEncodingDeclaration() {
        assertRefused("<?xml version=\"1.0\" encoding=\"bogus\"?><r/>", "bogus");
        assertThatThrownBy(() -> XmlPayload.parse("<?xml version=\"1.0\" encoding=\"UTF-16\"?><r/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadException.class);
        byte[] latin1InUtf8 = "<r>caf\u00e9</r>".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> XmlPayload.parse(latin1InUtf8)).isInstanceOf(PayloadException.class);
    }

    @Test
    void honoursTheEncodingDeclaration() throws Exception {
        byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\u00e9</r>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(XmlPayload.parse(latin1)).isEqualTo(Map.of("r", "caf\u00e9"));
    }

    @Test
    void boundsDepth() throws Exception {
        assertThat(XmlPayload.parse(nested(XmlPayload.MAX_DEPTH))).containsKey("e");
        assertThatThrownBy(() -> XmlPayload.parse(nested(XmlPayload.MAX_DEPTH + 1)))
                .isInstanceOf(PayloadException.class).hasMessageContaining("deeper than 64");
    }

    @Test
    void boundsTheNumberOfElements() throws Exception {
        assertThat(XmlPayload.parse(flat(XmlPayload.MAX_ELEMENTS - 1))).containsKey("r");
        assertThatThrownBy(() -> XmlPayload.parse(flat(XmlPayload.MAX_ELEMENTS)))
                .isInstanceOf(PayloadException.class).hasMessageContaining("more than 100000 elements");
    }

    @Test
    void refusesAnEmptyBody() {
        assertThatThrownBy(() -> XmlPayload.parse(new byte[0])).isInstanceOf(PayloadException.class).hasMessageContaining("empty");
    }

    private static byte[] nested(int depth) {
        return ("<e>".repeat(depth) + "x" + "</e>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] flat(int children) {
        return ("<r>" + "<c/>".repeat(children) + "</r>").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(String xml, String reason) {
        assertThatThrownBy(() -> XmlPayload.parse(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadException.class).hasMessageContaining(reason);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = XmlPayloadTest.class.getResourceAsStream("/salesforce/" + name)) {
            return in.readAllBytes();
        }
    }
}
