package io.leadrouter.mapping;

/** Placeholder until the secure XML reader lands: refuses every XML payload. */
final class XmlPayload {
    private XmlPayload() {
    }

    static Object parse(byte[] xml) throws PayloadException {
        throw new PayloadException("XML payloads are not supported yet");
    }
}
