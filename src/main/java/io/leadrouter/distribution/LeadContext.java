package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Instant;
import java.util.Objects;

/**
 * A lead as the engine sees it: the canonical lead, when it was submitted (the SLA clock's start) and the CRM it will
 * be written to ({@link Crms}; reps without an id there are skipped; null = no CRM).
 */
public record LeadContext(Lead lead, Instant submittedAt, String crm) {
    public LeadContext {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (crm != null && !Crms.ALL.contains(crm)) {
            throw new IllegalArgumentException("unknown crm '" + crm + "'; use one of " + Crms.ALL);
        }
    }
}
