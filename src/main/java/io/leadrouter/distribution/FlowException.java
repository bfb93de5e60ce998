package io.leadrouter.distribution;

/** A lead action that is not allowed now; {@code kind} says how an API should answer, the message says why. */
public final class FlowException extends RuntimeException {
    /** The kinds of refusal. */
    public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT }

    private final Kind kind;

    public FlowException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
