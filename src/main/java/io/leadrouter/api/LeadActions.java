package io.leadrouter.api;

import io.leadrouter.ledger.LeadStateRow;

import java.util.Optional;

/**
 * What reps and partners do to leads, each an atomic transaction that returns the lead's new position or throws
 * {@link io.leadrouter.distribution.FlowException} saying why it is refused (not found, forbidden, conflict).
 */
public interface LeadActions {
    /** Cherry-pick: claim one queued lead of {@code queueId}. */
    LeadStateRow claim(String leadId, String queueId, String repId);

    /** Claim the first claimable lead (priority, then age) of any queue the rep may claim from; empty when none. */
    Optional<LeadStateRow> claimNext(String repId);

    LeadStateRow release(String leadId, String repId);

    LeadStateRow touch(String leadId, String repId, String note);

    LeadStateRow done(String leadId, String repId);

    LeadStateRow accept(String leadId, String repId);

    LeadStateRow reject(String leadId, String repId, String reason);
}
