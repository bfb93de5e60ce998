package io.leadrouter.distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A sales rep in a team: the user id per CRM they own leads under, and whether they currently take leads.
 *
 * @param crmUserIds CRM name (see {@link Crms}) to that CRM's user id; Salesforce ids are always the 18-character form
 * @param active     false while the rep is paused: they are skipped, with the reason in the trace
 */
public record Rep(String id, String name, Map<String, String> crmUserIds, boolean active) {
    public Rep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        crmUserIds = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(crmUserIds, "crmUserIds")));
    }

    /** The rep's user id in the given CRM, or null when they have none there. */
    public String crmUserId(String crm) {
        return crmUserIds.get(crm);
    }
}
