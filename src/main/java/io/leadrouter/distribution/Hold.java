package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Objects;

/** The lead cannot be placed now (no rule matched, or nobody in the chosen team is eligible); {@code reason} says which. */
public record Hold(String reason, Trace trace, Instant decidedAt) implements Decision {
    public Hold {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
