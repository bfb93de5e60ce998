package io.leadrouter.mapping;

/** A payload that cannot be read at all (malformed JSON, broken multipart, hostile XML), with a reason a person understands. */
public final class PayloadException extends Exception {

    public PayloadException(String reason) {
        super(reason);
    }
}
