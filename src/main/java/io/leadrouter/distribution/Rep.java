package io.leadrouter.distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A person who can own leads: a sales rep, or a partner's user when {@code partner} is true.
 *
 * @param crmUserIds CRM name (see {@link Crms}) to that CRM's user id; Salesforce ids are always the 18-character form
 * @param weight     share of a weighted rotation (1 = an equal share)
 * @param caps       leads per day (in the rep's zone) and open leads; {@link Caps#NONE} when unlimited
 * @param hours      when the rep takes leads; null = always
 * @param skills     skills and territories rules can require (lower-case)
 * @param active     false while the rep is deactivated: skipped, with the reason in the trace
 */
public record Rep(String id, String name, Map<String, String> crmUserIds, int weight, Caps caps, WorkingHours hours,
                  Set<String> skills, boolean active, boolean partner) {
    private static final java.time.ZoneId UTC = java.time.ZoneId.of("UTC");

    public Rep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        crmUserIds = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(crmUserIds, "crmUserIds")));
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1");
        }
        caps = caps == null ? Caps.NONE : caps;
        skills = skills == null ? Set.of() : Set.copyOf(skills);
    }

    /** A rep with weight 1, no caps, always working: what tests and the simplest policies use. */
    public Rep(String id, String name, Map<String, String> crmUserIds, boolean active) {
        this(id, name, crmUserIds, 1, Caps.NONE, null, Set.of(), active, false);
    }

    /** The rep's user id in the given CRM, or null when they have none there. */
    public String crmUserId(String crm) {
        return crmUserIds.get(crm);
    }

    /** The zone the rep's day (for daily caps) is counted in: their working hours' zone, else UTC. */
    public java.time.ZoneId zone() {
        return hours == null ? UTC : hours.zone();
    }
}
