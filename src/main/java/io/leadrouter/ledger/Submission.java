package io.leadrouter.ledger;

/** A validated submission ready to be committed to the inbox; {@code idempotencyKey} is already scoped to the source. */
public record Submission(String sourceId, String idempotencyKey, String contentType, String payloadJson, String leadJson) {
}
