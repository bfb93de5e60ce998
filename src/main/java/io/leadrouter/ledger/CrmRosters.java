package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each CRM's roster as its last successful sync saw it (users and whether they may own records, queue members), with
 * when it was fetched and the last failure. Stored in the database so every replica decides from the same roster.
 */
public class CrmRosters {
    private static final int MAX_ERROR = 2000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public CrmRosters(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** One CRM user: a Salesforce user or a HubSpot owner; {@code active} false when deactivated or archived. */
    public record User(String id, boolean active, String email) {
    }

    /** What a sync fetched: the users, and queue id to its members (Salesforce queues; empty for HubSpot). */
    public record Fetched(List<User> users, Map<String, Set<String>> queueMembers) {
        public Fetched {
            users = List.copyOf(users);
            queueMembers = Map.copyOf(queueMembers);
        }
    }

    /**
     * A CRM's stored roster: null {@code fetchedAt} = never fetched (then {@code users} is empty and nothing may be
     * concluded from it); {@code error} is the last attempt's failure, null when it worked.
     */
    public record Roster(String crm, Instant fetchedAt, Instant attemptedAt, String error, Map<String, User> users,
                         Map<String, Set<String>> queueMembers) {
        public boolean fetched() {
            return fetchedAt != null;
        }
    }

    /** True when some replica fetched this CRM's roster after {@code since} (then this one need not fetch it again). */
    public boolean fetchedAfter(String crm, Instant since) {
        Timestamp at = jdbc.query("SELECT fetched_at FROM crm_roster_sync WHERE crm = ?",
                rs -> rs.next() ? rs.getTimestamp(1) : null, crm);
        return at != null && at.toInstant().isAfter(since);
    }

    /** Replaces the CRM's roster with what was fetched, in one transaction under the CRM's sync row lock. */
    public void store(String crm, Fetched fetched) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            jdbc.query("SELECT crm FROM crm_roster_sync WHERE crm = ? FOR UPDATE", rs -> null, crm);
            jdbc.update("DELETE FROM crm_roster_users WHERE crm = ?", crm);
            jdbc.batchUpdate("INSERT INTO crm_roster_users (crm, user_id, active, email) VALUES (?, ?, ?, ?)",
                    distinct(fetched.users()).stream().map(u -> new Object[] {crm, u.id(), u.active(), u.email()}).toList());
            jdbc.update("DELETE FROM crm_roster_queue_members WHERE crm = ?", crm);
            List<Object[]> members = new ArrayList<>();
            fetched.queueMembers().forEach((queue, ids) -> ids.forEach(id -> members.add(new Object[] {crm, queue, id})));
            jdbc.batchUpdate("INSERT INTO crm_roster_queue_members (crm, queue_id, member_id) VALUES (?, ?, ?)", members);
            jdbc.update("UPDATE crm_roster_sync SET fetched_at = ?, attempted_at = ?, users = ?, error = NULL WHERE crm = ?",
                    Timestamp.from(now), Timestamp.from(now), fetched.users().size(), crm);
        });
    }

    /** Records a failed fetch; the stored roster stays as it was. */
    public void failed(String crm, String error) {
        String detail = error == null ? "unknown error" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        jdbc.update("UPDATE crm_roster_sync SET attempted_at = ?, error = ? WHERE crm = ?",
                Timestamp.from(clock.instant()), detail, crm);
    }

    /** The stored rosters of these CRMs. */
    public Map<String, Roster> load(Collection<String> crms) {
        Map<String, Roster> rosters = new HashMap<>();
        for (String crm : crms) {
            Object[] sync = jdbc.query("SELECT fetched_at, attempted_at, error FROM crm_roster_sync WHERE crm = ?",
                    rs -> rs.next() ? new Object[] {rs.getTimestamp(1), rs.getTimestamp(2), rs.getString(3)} : null, crm);
            if (sync == null) {
                continue;
            }
            Map<String, User> users = new HashMap<>();
            jdbc.query("SELECT user_id, active, email FROM crm_roster_users WHERE crm = ?",
                    rs -> {
                        users.put(rs.getString(1), new User(rs.getString(1), rs.getBoolean(2), rs.getString(3)));
                    }, crm);
            Map<String, Set<String>> queues = new HashMap<>();
            jdbc.query("SELECT queue_id, member_id FROM crm_roster_queue_members WHERE crm = ?",
                    rs -> {
                        queues.computeIfAbsent(rs.getString(1), q -> new LinkedHashSet<>()).add(rs.getString(2));
                    }, crm);
            rosters.put(crm, new Roster(crm, instant((Timestamp) sync[0]), instant((Timestamp) sync[1]), (String) sync[2],
                    Map.copyOf(users), Map.copyOf(queues)));
        }
        return rosters;
    }

    private static List<User> distinct(List<User> users) {
        Map<String, User> byId = new java.util.LinkedHashMap<>();
        users.forEach(u -> byId.merge(u.id(), u, (a, b) -> a.active() ? a : b));
        return new ArrayList<>(byId.values());
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
