package io.leadrouter.intake;

/** Mapping a submission must wait: a vendor API it needs is unavailable. The submission stays pending and is retried. */
public final class RetryLaterException extends RuntimeException {

    public RetryLaterException(String reason) {
        super(reason);
    }
}
