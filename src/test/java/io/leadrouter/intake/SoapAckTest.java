package io.leadrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.leadrouter.mapping.XmlPayload;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoapAckTest {

    @Test
    void theAckIsTheDocumentedNotificationsResponse() throws Exception {
        assertThat(SoapAck.ack(true)).isEqualTo("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soapenv:Body><notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\"><Ack>true</Ack>"
                + "</notificationsResponse></soapenv:Body></soapenv:Envelope>");
        assertThat(JsonPath.<String>read(parse(SoapAck.ack(true)), "$.Envelope.Body.notificationsResponse.Ack")).isEqualTo("true");
        assertThat(JsonPath.<String>read(parse(SoapAck.ack(false)), "$.Envelope.Body.notificationsResponse.Ack")).isEqualTo("false");
    }

    @Test
    void aServerFaultCarriesItsReasonEscaped() throws Exception {
        String reason = "storage <unavailable> & \"retrying\" isn't possible \u0000\u0007 now \uD83D\uDE80 \uD800";
        String fault = SoapAck.fault(reason);

        Map<String, Object> parsed = parse(fault);
        assertThat(JsonPath.<String>read(parsed, "$.Envelope.Body.Fault.faultcode")).isEqualTo("soapenv:Server");
        assertThat(JsonPath.<String>read(parsed, "$.Envelope.Body.Fault.faultstring"))
                .isEqualTo("storage <unavailable> & \"retrying\" isn't possible \uFFFD\uFFFD now \uD83D\uDE80 \uFFFD");
        assertThat(fault).contains("<faultstring>storage &lt;unavailable&gt; &amp; &quot;retrying&quot; isn&apos;t possible");
    }

    @Test
    void aClientFaultBlamesTheMessage() throws Exception {
        Map<String, Object> parsed = parse(SoapAck.clientFault("OrganizationId is not an allowed organization"));
        assertThat(JsonPath.<String>read(parsed, "$.Envelope.Body.Fault.faultcode")).isEqualTo("soapenv:Client");
        assertThat(JsonPath.<String>read(parsed, "$.Envelope.Body.Fault.faultstring")).isEqualTo("OrganizationId is not an allowed organization");
        assertThat(JsonPath.<String>read(parse(SoapAck.fault(null)), "$.Envelope.Body.Fault.faultstring")).isEmpty();
    }

    private static Map<String, Object> parse(String xml) throws Exception {
        return XmlPayload.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
