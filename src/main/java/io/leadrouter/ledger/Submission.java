package io.leadrouter.ledger;

import java.util.List;
import java.util.Objects;

/**
 * A raw submission ready to be committed: its exact bytes, and — when it was mapped before the commit (web forms) —
 * the leads and rejections it became. {@code events == null} means it is mapped after the acknowledgement.
 * {@code idempotencyKey} is already scoped to the source.
 */
public record Submission(String sourceId, String idempotencyKey, String contentType, String headersJson, byte[] body,
        List<SubmissionEvent> events) {

    public Submission {
        Objects.requireNonNull(headersJson, "headersJson (a JSON object, \"{}\" when no header is kept)");
        events = events == null ? null : List.copyOf(events);
    }

    /** Whether the submission is mapped after its acknowledgement. */
    public boolean deferred() {
        return events == null;
    }

    @Override
    public String toString() {
        return "Submission[" + idempotencyKey + ", " + body.length + " bytes]";
    }
}
