package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry in a lead's append-only history: what happened ({@code type}: decided, offered, queued, assigned, held,
 * claimed, released, expired, escalated, touched, accepted, rejected, done…), when, by whom, and why.
 */
public record LeadEvent(String leadId, Instant at, String type, String actor, String reason) {
    public LeadEvent {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }
}
