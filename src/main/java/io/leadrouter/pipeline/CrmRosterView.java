package io.leadrouter.pipeline;

import io.leadrouter.distribution.CrmUserStatus;
import io.leadrouter.distribution.Crms;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Rep;
import io.leadrouter.ledger.CrmRosters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's copy of the stored CRM rosters (reloaded after every sync tick, whichever replica fetched), for the
 * engine (may a rep's CRM user own records?) and for admins (which reps of the policy a CRM does not know). Only CRMs
 * whose roster sync is on count; a CRM never fetched, or switched off, passes everyone over to nobody.
 */
public final class CrmRosterView {
    private static final Logger LOG = LoggerFactory.getLogger(CrmRosterView.class);

    private final CrmRosters store;
    private final Policy policy;
    private final List<String> crms;
    /** CRM → normalised user id → user, from the last successful fetch; a CRM without one is absent. */
    private volatile Map<String, Map<String, CrmRosters.User>> users = Map.of();
    private volatile Map<String, CrmRosters.Roster> rosters = Map.of();
    /** What was last logged as unknown, per CRM: logged again only when it changes. */
    private final Map<String, Map<String, String>> warned = new HashMap<>();

    /** {@code crms}: the CRMs whose roster is synced (enabled CRM, roster on). */
    public CrmRosterView(CrmRosters store, Policy policy, List<String> crms) {
        this.store = store;
        this.policy = policy;
        this.crms = List.copyOf(crms);
    }

    public List<String> crms() {
        return crms;
    }

    /** Reads the stored rosters again and warns (once per change) about reps a CRM does not know as active users. */
    public synchronized void reload() {
        Map<String, CrmRosters.Roster> loaded = store.load(crms);
        Map<String, Map<String, CrmRosters.User>> index = new HashMap<>();
        loaded.forEach((crm, roster) -> {
            if (roster.fetched()) {
                Map<String, CrmRosters.User> byId = new HashMap<>();
                roster.users().values().forEach(u -> byId.put(normalise(crm, u.id()), u));
                index.put(crm, Map.copyOf(byId));
            }
        });
        users = Map.copyOf(index);
        rosters = Map.copyOf(loaded);
        for (String crm : index.keySet()) {
            Map<String, String> unknown = unknownReps(crm);
            if (!unknown.isEmpty() && !unknown.equals(warned.get(crm))) {
                LOG.warn("{} does not know these reps of the policy as active users; no lead written to {} goes to them: {}",
                        Crms.displayName(crm), Crms.displayName(crm), unknown);
            }
            warned.put(crm, unknown);
        }
    }

    /** What the last roster of {@code crm} says of the user; NOT_CHECKED when there is none. */
    public CrmUserStatus status(String crm, String userId) {
        Map<String, CrmRosters.User> known = users.get(crm);
        if (known == null || userId == null) {
            return CrmUserStatus.NOT_CHECKED;
        }
        CrmRosters.User user = known.get(normalise(crm, userId));
        if (user == null) {
            return CrmUserStatus.ABSENT;
        }
        return user.active() ? CrmUserStatus.ACTIVE : CrmUserStatus.INACTIVE;
    }

    /** Rep id → "user id (inactive|absent)" for reps of the policy (and the fallback) the CRM does not know as active. */
    public Map<String, String> unknownReps(String crm) {
        Map<String, String> unknown = new TreeMap<>();
        for (Rep rep : reps()) {
            String id = rep.crmUserId(crm);
            CrmUserStatus status = status(crm, id);
            if (status == CrmUserStatus.INACTIVE || status == CrmUserStatus.ABSENT) {
                unknown.put(rep.id(), id + (status == CrmUserStatus.INACTIVE ? " (deactivated)" : " (not an active user)"));
            }
        }
        return unknown;
    }

    /** The admin view: per synced CRM, when it was fetched, the last failure, how many users, and the reps it does not know. */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        for (String crm : crms) {
            CrmRosters.Roster roster = rosters.get(crm);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("fetchedAt", roster == null || roster.fetchedAt() == null ? null : roster.fetchedAt().toString());
            view.put("lastAttemptAt", roster == null || roster.attemptedAt() == null ? null : roster.attemptedAt().toString());
            view.put("lastError", roster == null ? null : roster.error());
            view.put("users", roster == null ? 0 : roster.users().size());
            view.put("activeUsers", roster == null ? 0 : roster.users().values().stream().filter(CrmRosters.User::active).count());
            List<Map<String, String>> unknown = new ArrayList<>();
            for (Rep rep : reps()) {
                String id = rep.crmUserId(crm);
                CrmUserStatus status = status(crm, id);
                if (status == CrmUserStatus.INACTIVE || status == CrmUserStatus.ABSENT) {
                    unknown.add(Map.of("repId", rep.id(), "crmUserId", id, "status", status.name()));
                }
            }
            view.put("unknownReps", unknown);
            if (roster != null && !roster.queueMembers().isEmpty()) {
                Map<String, Object> queues = new TreeMap<>();
                roster.queueMembers().forEach((queue, members) -> queues.put(queue, members.size()));
                view.put("queueMembers", queues);
            }
            report.put(crm, view);
        }
        return report;
    }

    /** When the roster of {@code crm} was last fetched by any replica, or null. */
    public Instant fetchedAt(String crm) {
        CrmRosters.Roster roster = rosters.get(crm);
        return roster == null ? null : roster.fetchedAt();
    }

    private List<Rep> reps() {
        List<Rep> reps = new ArrayList<>(policy.reps());
        policy.fallback().ifPresent(reps::add);
        return reps.stream().filter(Objects::nonNull).filter(r -> !r.partner()).toList();
    }

    /** Salesforce ids compare on their case-sensitive 15-character form (the 18-character one adds a checksum). */
    static String normalise(String crm, String id) {
        return Crms.SALESFORCE.equals(crm) && id.length() == 18 ? id.substring(0, 15) : id;
    }
}
