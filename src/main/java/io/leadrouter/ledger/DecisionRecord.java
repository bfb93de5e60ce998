package io.leadrouter.ledger;

import java.time.Instant;

/**
 * What the ledger stores for one decided lead: the decision, its JSON (with trace), and the CRM write it
 * queues ({@code crm} null when nothing is to be written).
 */
public record DecisionRecord(
        String leadId,
        String outcome,
        String ruleId,
        String teamId,
        String repId,
        String decisionJson,
        Instant decidedAt,
        String crm,
        String crmPayloadJson) {
}
