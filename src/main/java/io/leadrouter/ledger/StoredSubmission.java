package io.leadrouter.ledger;

import java.time.Instant;

/** A committed raw submission as read back for mapping or replay. */
public record StoredSubmission(String submissionId, String sourceId, String contentType, String headersJson, byte[] body,
        Instant receivedAt) {

    @Override
    public String toString() {
        return "StoredSubmission[" + submissionId + ", " + sourceId + ", " + body.length + " bytes]";
    }
}
