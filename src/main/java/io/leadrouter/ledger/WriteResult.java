package io.leadrouter.ledger;

import java.time.Duration;

/** What happened to one outbox entry: written (with the CRM's record id), failed for good, or to be retried later. */
public sealed interface WriteResult {

    /** The CRM accepted the write; {@code recordId} is its id for the record. */
    record Written(String recordId) implements WriteResult {
    }

    /** The CRM refused the write in a way retrying cannot fix; the entry joins the dead letters. */
    record Failed(String detail) implements WriteResult {
    }

    /** A passing failure (limits, outage); tried again after {@code delay}. */
    record RetryLater(String detail, Duration delay) implements WriteResult {
    }
}
