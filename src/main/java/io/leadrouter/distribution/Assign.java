package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The lead goes to one rep now.
 *
 * @param strategy the push strategy's policy name, e.g. {@code round-robin}
 * @param owners   CRM name to the rep's user id there (every CRM the rep has an id in)
 */
public record Assign(String ruleId, String teamId, String repId, String repName, String strategy,
                     Map<String, String> owners, Trace trace, Instant decidedAt) implements Decision {
    public Assign {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(repId, "repId");
        Objects.requireNonNull(strategy, "strategy");
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(owners, "owners")));
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
