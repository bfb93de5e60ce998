package io.leadrouter.mapping.mail;

/** An email that cannot be read into fields, with a reason a person can act on. */
public final class EmailPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    public EmailPayloadException(String reason) {
        super(reason);
    }

    public EmailPayloadException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
