package io.leadrouter.ledger;

import java.time.Instant;

/** An acknowledged lead waiting for its decision, as claimed from the inbox. */
public record PendingLead(String leadId, String sourceId, String leadJson, Instant receivedAt) {
}
