package io.leadrouter.ledger;

import java.time.Instant;
import java.util.List;

/** Everything the ledger knows about one lead; {@code decisionJson} is null until it is decided. */
public record LeadRecord(
        String leadId,
        String sourceId,
        Instant receivedAt,
        String payloadJson,
        String leadJson,
        String decisionJson,
        List<CrmWriteStatus> crmWrites) {
}
