package io.leadrouter.ledger;

import java.time.Instant;

/** A lead's current position as stored in {@code lead_state}. */
public record LeadStateRow(String leadId, String status, String ruleId, String ladderId, Integer step, String teamId,
                           String repId, String queueId, int priority, Instant deadline, Instant claimExpiresAt,
                           Instant dueAt, Instant submittedAt, Instant touchedAt) {
}
