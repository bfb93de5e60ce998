package io.leadrouter.distribution;

/**
 * Where a rep (or a manager) is notified: a Slack incoming webhook given as a {@code {{placeholder}}} resolved from
 * the settings (the URL is a secret), and an email address; either may be null.
 */
public record NotifyTo(String slack, String email) {
    public static final NotifyTo NONE = new NotifyTo(null, null);

    public boolean isEmpty() {
        return slack == null && email == null;
    }
}
