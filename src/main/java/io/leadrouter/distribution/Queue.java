package io.leadrouter.distribution;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pull queue: leads wait here, ordered by priority then age, for members of the eligible teams to claim.
 *
 * @param claimLimit  how many leads of this queue one rep may hold claimed (not yet touched) at once
 * @param claimExpiry a claim not touched within this returns the lead to the queue
 * @param crmOwnerIds CRM name to the id that represents this queue there (a Salesforce Queue id, 00G…); may be empty
 */
public record Queue(String id, String name, List<String> teamIds, int claimLimit, Duration claimExpiry,
                    Map<String, String> crmOwnerIds) {
    public Queue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        teamIds = List.copyOf(teamIds);
        if (claimLimit < 1) {
            throw new IllegalArgumentException("claimLimit must be at least 1");
        }
        Objects.requireNonNull(claimExpiry, "claimExpiry");
        crmOwnerIds = Collections.unmodifiableMap(new LinkedHashMap<>(crmOwnerIds == null ? Map.of() : crmOwnerIds));
    }
}
