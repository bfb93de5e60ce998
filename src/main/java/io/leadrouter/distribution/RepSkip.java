package io.leadrouter.distribution;

import java.util.Objects;

/** A rep passed over, and why (e.g. {@code paused}, {@code daily cap 40 reached}, {@code no HubSpot owner id}). */
public record RepSkip(String repId, String reason) {
    public RepSkip {
        Objects.requireNonNull(repId, "repId");
        Objects.requireNonNull(reason, "reason");
    }
}
