package io.leadrouter.distribution;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Port: the read-only snapshot of shared state the engine needs, as the ledger holds it at the start of the decision's
 * transaction. The engine never changes it; it returns {@link StateChange}s that the ledger stores with the decision.
 */
public interface DistributionState {
    /** The rep's availability as set through the admin API ({@link Availability#AVAILABLE} when never set). */
    Availability availability(String repId);

    /** Capacity override set through the admin API, or null. */
    Caps capsOverride(String repId);

    /** Leads the rep currently owns or holds claimed and has not finished. */
    int openLeads(String repId);

    /** Leads the rep received on {@code day}, the day in the rep's own zone. */
    int leadsOn(String repId, LocalDate day);

    /** The rep's fairness ledger in a team: the share of the team's leads they were entitled to, and received. */
    Standing standing(String teamId, String repId);

    /** Who had the team's previous turn: rotation ties are broken in member order after them. */
    Optional<String> lastTurn(String teamId);

    /** The rep who owns leads of a sticky key ({@code email:<address>} or {@code domain:<domain>}), if any. */
    Optional<String> owner(String stickyKey);

    /**
     * What the last roster sync of {@code crm} says of the user id there; {@link CrmUserStatus#NOT_CHECKED} when no
     * roster of that CRM is known (then nobody is passed over because of it).
     */
    default CrmUserStatus crmUser(String crm, String crmUserId) {
        return CrmUserStatus.NOT_CHECKED;
    }

    /**
     * For the trace: where the sticky owner of a key came from when not from our own ledger (e.g. "owner of the
     * Salesforce Contact 003…"), or why none is known (e.g. "the Salesforce lookup timed out"); empty otherwise.
     */
    default Optional<String> stickyNote(String stickyKey) {
        return Optional.empty();
    }

    /** A rep's place in a team's fairness ledger. */
    record Standing(double entitlement, long received) {
        public static final Standing ZERO = new Standing(0, 0);

        /** How many leads the rep is owed (negative: ahead of their share). */
        public double owed() {
            return entitlement - received;
        }
    }
}
