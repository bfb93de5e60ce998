package io.leadrouter.ledger;

/** The durable outcome of storing a submission: its lead id, and whether an earlier identical submission had it. */
public record Receipt(String leadId, boolean duplicate) {
}
