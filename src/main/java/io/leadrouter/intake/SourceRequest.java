package io.leadrouter.intake;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@link Authenticity} check sees of an incoming request: method, the full URI as the sender signed it,
 * every header (lower-case names, credentials included — this record is never stored) and the exact body.
 */
public record SourceRequest(String method, String uri, Map<String, String> headers, byte[] body) {

    public SourceRequest {
        headers = lowerCaseNames(headers);
        body = body == null ? new byte[0] : body;
    }

    /** Headers with lower-case names, null values dropped, immutable. */
    static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        Map<String, String> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (value != null) {
                    lower.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        return Map.copyOf(lower);
    }

    /** A header by name, any case; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "SourceRequest[" + method + " " + uri + ", " + body.length + " bytes]";
    }
}
