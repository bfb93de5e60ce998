package io.leadrouter.intake;

/**
 * The bodies that answer a Salesforce Outbound Message: the documented {@code notificationsResponse} Ack, or a SOAP
 * 1.1 fault. Salesforce retries a message (for up to 24 hours) until it gets {@code <Ack>true</Ack>}; a fault goes
 * with HTTP 500, as SOAP 1.1 over HTTP requires.
 */
public final class SoapAck {

    /** The content type of every answer here (SOAP 1.1). */
    public static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private static final String ENVELOPE_START =
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>";
    private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";

    private SoapAck() {
    }

    /** {@code true}: the messages are durable, Salesforce stops resending; {@code false}: Salesforce resends. */
    public static String ack(boolean delivered) {
        return ENVELOPE_START + "<notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\"><Ack>"
                + delivered + "</Ack></notificationsResponse>" + ENVELOPE_END;
    }

    /** A {@code soapenv:Server} fault: this side failed (storage unavailable); resending later can succeed. */
    public static String fault(String faultString) {
        return fault("soapenv:Server", faultString);
    }

    /** A {@code soapenv:Client} fault: the message itself is unacceptable (not authentic, malformed, too large). */
    public static String clientFault(String faultString) {
        return fault("soapenv:Client", faultString);
    }

    private static String fault(String code, String faultString) {
        return ENVELOPE_START + "<soapenv:Fault><faultcode>" + code + "</faultcode><faultstring>"
                + escape(faultString == null ? "" : faultString) + "</faultstring></soapenv:Fault>" + ENVELOPE_END;
    }

    /** XML 1.0 text: markup characters escaped, characters XML 1.0 cannot carry replaced with U+FFFD. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
                    escaped.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        }
        return escaped.toString();
    }
}
