package io.leadrouter.intake;

/**
 * Completes one event from the vendor's own API before it is mapped: Meta's webhook carries only a leadgen id, a
 * HubSpot {@code contact.creation} event only the contact id. Runs after the acknowledgement, never while a sender
 * waits. Implementations bound their calls with timeouts.
 */
@FunctionalInterface
public interface PayloadEnricher {

    /** The event to map: the given one completed with what the vendor's API returned. */
    Object enrich(Object event) throws EnrichmentException;

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
