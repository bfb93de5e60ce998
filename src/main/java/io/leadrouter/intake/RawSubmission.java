package io.leadrouter.intake;

import java.util.Arrays;
import java.util.Map;

/**
 * One submission exactly as a channel received it: the raw bytes, their content type, the headers a mapping may
 * need (lower-case names; never credentials or signatures), and the channel's natural id for it when it has one
 * (a vendor event id, an email Message-ID, a client's Idempotency-Key).
 */
public record RawSubmission(String sourceId, String contentType, byte[] body, Map<String, String> headers, String naturalKey) {

    public RawSubmission {
        if (sourceId == null || sourceId.isBlank()) {
            throw new IllegalArgumentException("sourceId: required");
        }
        contentType = contentType == null ? "" : contentType;
        body = body == null ? new byte[0] : body;
        headers = SourceRequest.lowerCaseNames(headers);
        naturalKey = naturalKey == null || naturalKey.isBlank() ? null : naturalKey.strip();
    }

    /** The media type without parameters, lower case: {@code application/json}, {@code multipart/form-data}, … */
    public String mediaType() {
        return io.leadrouter.mapping.Payloads.mediaType(contentType);
    }


    @Override
    public boolean equals(Object other) {
        return other instanceof RawSubmission that && sourceId.equals(that.sourceId) && contentType.equals(that.contentType)
                && Arrays.equals(body, that.body) && headers.equals(that.headers) && java.util.Objects.equals(naturalKey, that.naturalKey);
    }

    @Override
    public int hashCode() {
        return sourceId.hashCode() * 31 + Arrays.hashCode(body);
    }

    /** Never prints the body: it carries personal data. */
    @Override
    public String toString() {
        return "RawSubmission[" + sourceId + ", " + mediaType() + ", " + body.length + " bytes]";
    }
}
