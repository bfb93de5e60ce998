package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The lead goes to one rep now.
 *
 * @param strategy how the rep was chosen: a push strategy's name ({@code round-robin}, {@code weighted},
 *                 {@code least-loaded}), {@code sticky} or {@code fallback}
 * @param owners   CRM name to the rep's user id there (every CRM the rep has an id in, so each target CRM gets the same rep)
 */
public record Assign(String ruleId, String teamId, String repId, String repName, String strategy,
                     Map<String, String> owners, Trace trace, Instant decidedAt, String ladderId, Integer step)
        implements Decision {
    public Assign {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(repId, "repId");
        Objects.requireNonNull(strategy, "strategy");
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(owners, "owners")));
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    @Override
    public Instant deadline() {
        return null;
    }
}
