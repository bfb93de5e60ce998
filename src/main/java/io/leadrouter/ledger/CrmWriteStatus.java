package io.leadrouter.ledger;

import java.time.Instant;

/** Where one lead's write to one CRM stands: PENDING (in the outbox), WRITTEN or FAILED. */
public record CrmWriteStatus(String crm, String status, String recordId, int attempts, String detail, Instant at) {
}
