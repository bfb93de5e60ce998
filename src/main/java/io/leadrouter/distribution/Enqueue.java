package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The lead waits in a pull queue for an eligible rep to claim it.
 *
 * @param owners   CRM name to the id representing the queue there (e.g. a Salesforce Queue), possibly empty
 * @param deadline on a ladder, when the lead moves on if nobody has touched it; null otherwise
 */
public record Enqueue(String ruleId, String queueId, int priority, Map<String, String> owners, Trace trace,
                      Instant decidedAt, String ladderId, Integer step, Instant deadline) implements Decision {
    public Enqueue {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(queueId, "queueId");
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(owners, "owners")));
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
