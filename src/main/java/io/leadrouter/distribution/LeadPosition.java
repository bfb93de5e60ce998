package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Objects;

/**
 * A lead's current place: its status, the rule and ladder step that put it there, who holds it, and the times that
 * move it on by themselves (the step {@code deadline}, a claim's expiry). {@code touchedAt} is the first touch.
 */
public record LeadPosition(String leadId, LeadStatus status, String ruleId, String ladderId, Integer step,
                           String teamId, String repId, String queueId, int priority, Instant deadline,
                           Instant claimExpiresAt, Instant submittedAt, Instant touchedAt) {
    public LeadPosition {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    /** Where a decision puts a lead; {@code heldRetry} is when a hold without its own retry time is tried again. */
    public static LeadPosition of(String leadId, Decision decision, Instant submittedAt, Instant touchedAt,
            Instant heldRetry) {
        if (decision instanceof Assign a) {
            return new LeadPosition(leadId, LeadStatus.ASSIGNED, a.ruleId(), a.ladderId(), a.step(), a.teamId(),
                    a.repId(), null, 0, null, null, submittedAt, touchedAt);
        }
        if (decision instanceof Offer o) {
            return new LeadPosition(leadId, o.partner() ? LeadStatus.PARTNER_OFFERED : LeadStatus.OFFERED, o.ruleId(),
                    o.ladderId(), o.step(), o.teamId(), o.repId(), null, 0, o.deadline(), null, submittedAt, touchedAt);
        }
        if (decision instanceof Enqueue e) {
            return new LeadPosition(leadId, LeadStatus.QUEUED, e.ruleId(), e.ladderId(), e.step(), null, null,
                    e.queueId(), e.priority(), e.deadline(), null, submittedAt, touchedAt);
        }
        Hold h = (Hold) decision;
        return new LeadPosition(leadId, LeadStatus.HELD, h.ruleId(), null, null, null, null, null, 0,
                h.retryAt() != null ? h.retryAt() : heldRetry, null, submittedAt, touchedAt);
    }

    /** When the sweeper must look at this lead next, or null. */
    public Instant dueAt() {
        if (status == LeadStatus.DONE || status == LeadStatus.ASSIGNED) {
            return null;
        }
        if (claimExpiresAt != null && (deadline == null || claimExpiresAt.isBefore(deadline))) {
            return claimExpiresAt;
        }
        return deadline;
    }

    LeadPosition with(LeadStatus newStatus, String newRepId, Instant newDeadline, Instant newClaimExpiry, Instant newTouch) {
        return new LeadPosition(leadId, newStatus, ruleId, ladderId, step, teamId, newRepId, queueId, priority,
                newDeadline, newClaimExpiry, submittedAt, newTouch);
    }
}
