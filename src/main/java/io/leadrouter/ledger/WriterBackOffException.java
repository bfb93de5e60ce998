package io.leadrouter.ledger;

import java.time.Duration;

/**
 * Thrown by a CRM writer when the CRM is not to be called for a while, whatever the records: the CRM said its API limit
 * is reached ({@link #limit}: Salesforce 403 REQUEST_LIMIT_EXCEEDED, HubSpot 429), or this instance's own guard refused
 * the call (open circuit, rate limiter; nothing was sent). No record is at fault, so none counts an attempt; the
 * CRM's writer stops sending until {@code wait} has passed (a limit: on every replica, shown in health).
 */
public final class WriterBackOffException extends RuntimeException {
    private final transient Duration wait;
    private final boolean limit;

    private WriterBackOffException(String reason, Duration wait, boolean limit) {
        super(reason, null, false, false);
        this.wait = wait.isNegative() ? Duration.ZERO : wait;
        this.limit = limit;
    }

    /** The CRM refused the call: its API limit is reached; no call until {@code wait} has passed, on any replica. */
    public static WriterBackOffException limit(String reason, Duration wait) {
        return new WriterBackOffException(reason, wait, true);
    }

    /** This instance did not call the CRM (open circuit, rate limiter); its writer waits {@code wait}. */
    public static WriterBackOffException notCalled(String reason, Duration wait) {
        return new WriterBackOffException(reason, wait, false);
    }

    public Duration waitFor() {
        return wait;
    }

    /** True when the CRM itself answered that its API limit is reached (an alert), false when it was not called. */
    public boolean isLimit() {
        return limit;
    }
}
