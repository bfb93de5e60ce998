package io.leadrouter.ledger;

/**
 * Thrown by a CRM writer when the connection itself is wrong (bad credentials, revoked token, missing permission
 * or field): no record is at fault, so none fails; the CRM's writer pauses and probes again later.
 */
public final class WriterPausedException extends RuntimeException {

    public WriterPausedException(String reason) {
        super(reason);
    }
}
