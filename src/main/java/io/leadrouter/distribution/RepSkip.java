package io.leadrouter.distribution;

import java.util.Objects;

/** A rep whose turn was passed over, and why (e.g. {@code paused}, {@code no salesforce user id}). */
public record RepSkip(String repId, String reason) {
    public RepSkip {
        Objects.requireNonNull(repId, "repId");
        Objects.requireNonNull(reason, "reason");
    }
}
