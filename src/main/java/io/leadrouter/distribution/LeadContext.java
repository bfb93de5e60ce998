package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A lead as the engine sees it: the canonical lead, when it was submitted (the SLA clock's start) and the CRMs it will
 * be written to ({@link Crms}; a rep needs an id in every one of them, else they are skipped; empty = no CRM).
 */
public record LeadContext(Lead lead, Instant submittedAt, Set<String> crms) {
    public LeadContext {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(submittedAt, "submittedAt");
        crms = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(crms, "crms")));
        for (String crm : crms) {
            if (!Crms.ALL.contains(crm)) {
                throw new IllegalArgumentException("unknown crm '" + crm + "'; use one of " + Crms.ALL);
            }
        }
    }

    /** A lead for one CRM ({@code crm} null = no CRM). */
    public LeadContext(Lead lead, Instant submittedAt, String crm) {
        this(lead, submittedAt, crm == null ? Set.of() : Set.of(crm));
    }

    /** A lead for the given CRMs, in their order (null = no CRM). */
    public static LeadContext of(Lead lead, Instant submittedAt, Collection<String> crms) {
        return new LeadContext(lead, submittedAt, crms == null ? Set.of() : new LinkedHashSet<>(crms));
    }
}
