package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A ladder step offers the lead until {@code deadline}: to one rep ({@code repId}), who owns it unless the clock runs
 * out before their first touch, or to a partner team ({@code partner}, {@code repId} null), one of whose members must
 * accept it in time and sees no personal data before that.
 */
public record Offer(String ruleId, String teamId, String repId, String repName, boolean partner, String strategy,
                    Map<String, String> owners, Trace trace, Instant decidedAt, String ladderId, Integer step,
                    Instant deadline) implements Decision {
    public Offer {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(teamId, "teamId");
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(owners, "owners")));
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(ladderId, "ladderId");
        Objects.requireNonNull(step, "step");
        if (!partner) {
            Objects.requireNonNull(repId, "repId");
        }
    }
}
