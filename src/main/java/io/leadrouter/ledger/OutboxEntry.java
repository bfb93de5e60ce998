package io.leadrouter.ledger;

/** One pending CRM write, claimed by the CRM's writer; {@code attempts} counts earlier tries. */
public record OutboxEntry(long id, String leadId, String crm, String payloadJson, int attempts) {
}
