package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Objects;

/**
 * Nobody can take the lead now (no rule matched, or nobody eligible); {@code reason} says which. Never final: the
 * lead is decided again at {@code retryAt} (null = when availability or the policy changes).
 */
public record Hold(String reason, String ruleId, Instant retryAt, Trace trace, Instant decidedAt) implements Decision {
    public Hold {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    @Override
    public String ladderId() {
        return null;
    }

    @Override
    public Integer step() {
        return null;
    }

    @Override
    public Instant deadline() {
        return retryAt;
    }
}
