package io.leadrouter.ledger;

import java.time.Duration;

/**
 * What happened to one outbox entry: written (with the CRM's record id), refused for good (it joins the dead
 * letters with the CRM's own message), or to be retried later.
 */
public sealed interface WriteResult {

    /** The CRM accepted the write; {@code recordId} is its id for the record. */
    record Written(String recordId) implements WriteResult {
    }

    /** The CRM refused this record in a way retrying cannot fix (validation rule, required field); a dead letter. */
    record Failed(String detail) implements WriteResult {
    }

    /** A passing failure (limits, outage); tried again after {@code delay}. */
    record RetryLater(String detail, Duration delay) implements WriteResult {
    }
}
