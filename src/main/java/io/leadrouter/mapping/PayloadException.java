package io.leadrouter.mapping;

/** A raw payload that cannot be read; the reason is safe to show to the sender and to an admin. */
public final class PayloadException extends Exception {

    public PayloadException(String reason) {
        super(reason);
    }
}
