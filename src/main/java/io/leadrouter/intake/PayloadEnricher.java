package io.leadrouter.intake;

/**
 * Completes one event from the vendor's own API before it is mapped: Meta's webhook carries only a leadgen id, a
 * HubSpot {@code contact.creation} event only the contact id. Runs after the acknowledgement, never while a sender
 * waits. Implementations bound their calls with timeouts.
 *
 * <p>Vendors send more than new leads on the same endpoint (HubSpot: an owner changed; Salesforce: our own lead echoed
 * back). The enricher knows the vendor's protocol, so it also sorts events: it returns a {@link Feedback} for an event
 * about a lead we already hold (appended to that lead's history, in the same transaction as the rest of the
 * submission) or a {@link NotALead} for an event to leave alone; everything else goes on to the mapping file.
 */
@FunctionalInterface
public interface PayloadEnricher {

    /** The event to map (the given one completed with what the vendor's API returned), a {@link Feedback} or a {@link NotALead}. */
    Object enrich(Object event) throws EnrichmentException;

    /**
     * An event about lead {@code leadId}: a history event of {@code type} (e.g. {@code crm-owner-changed}) by {@code actor}
     * (the CRM); {@code crmUser} is the new owner's CRM user or owner id for an owner change, else null. It becomes a claim,
     * acceptance or first touch when it applies to where the lead stands.
     */
    record Feedback(String leadId, String type, String actor, String reason, String crmUser) {
    }

    /** An event that is neither a lead nor about one we hold; {@code reason} is logged, nothing is stored or rejected. */
    record NotALead(String reason) {
    }

    /** Why an event could not be completed; {@code retryable}: try the submission again later (the API is down). */
    final class EnrichmentException extends Exception {
        private final boolean retryable;

        public EnrichmentException(String reason, boolean retryable) {
            super(reason);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
