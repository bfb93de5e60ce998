package io.leadrouter.ledger;

/**
 * What one event of a submission became: a lead to store (and route, unless a test), a kept rejection, or feedback on
 * a lead we already hold (a CRM telling us its owner or status changed).
 */
public sealed interface SubmissionEvent {

    int index();

    /**
     * A mapped lead. {@code idempotencyKey} is the event's own key (vendor event id) when it has one, else null to
     * use the submission's key with the event index. {@code payloadJson} is the event as JSON, or null when the event
     * was the submission's whole body (its bytes are stored with the submission already).
     */
    record MappedLead(int index, String idempotencyKey, String payloadJson, String leadJson, String email, String phone,
            boolean test) implements SubmissionEvent {
    }

    /** An event that does not map: {@code reasonsJson} is the JSON list of {field, message}. */
    record Unmapped(int index, String reasonsJson) implements SubmissionEvent {
    }

    /** Not a lead: an event appended to the history of lead {@code leadId} (e.g. {@code crm-owner-changed}). */
    record Feedback(int index, String leadId, String type, String actor, String reason, String crmUser) implements SubmissionEvent {
    }
}
