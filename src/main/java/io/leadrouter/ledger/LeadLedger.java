package io.leadrouter.ledger;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The transactions of a lead's life after intake. Each one locks what it changes in one order — lead rows, then every
 * team's rotation row, then every rep's state row (sorted) — reads the {@link StateSnapshot} under those locks, lets
 * the caller decide, and writes the caller's {@link LedgerWrite} before committing. So caps, claim limits and
 * rotations hold across replicas, and decision, state changes, history and outbox rows commit together.
 */
public class LeadLedger {
    private static final String EMAIL_IDENTITY = "email:";
    private static final String PHONE_IDENTITY = "phone:";
    private static final int IN_CHUNK = 500;
    private static final String STATE_COLUMNS = "ls.lead_id, ls.status, ls.rule_id, ls.ladder_id, ls.step, ls.team_id,"
            + " ls.rep_id, ls.queue_id, ls.priority, ls.deadline, ls.claim_expires_at, ls.due_at, ls.submitted_at, ls.touched_at";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final QueueTables queue;
    /** Reads of many keys in growing tables (inbox, lead_state), planned for each execution (see QueueTables). */
    private final NamedParameterJdbcTemplate lookups;
    /**
     * Rows of round_robin_cursor, rep_state and rep_ledger known to exist (they are never deleted): a decision batch
     * inserts only the ones not known yet instead of all of them every time (51 no-op inserts per batch for 50 reps).
     * A key is known once an insert of it found it already there, i.e. committed by someone.
     */
    private final java.util.Set<String> existingRows = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TransactionTemplate tx;
    private final Clock clock;

    public LeadLedger(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.lookups = new NamedParameterJdbcTemplate(QueueTables.planningEachTime(jdbc));
        this.queue = new QueueTables(jdbc);
        this.tx = tx;
        this.clock = clock;
    }

    /** What the caller decides from: the locked snapshot, the leads concerned, and their current positions. */
    public final class Batch {
        private final StateSnapshot snapshot;
        private final List<PendingLead> leads;
        private final Map<String, LeadStateRow> positions;

        Batch(StateSnapshot snapshot, List<PendingLead> leads, Map<String, LeadStateRow> positions) {
            this.snapshot = snapshot;
            this.leads = leads;
            this.positions = positions;
        }

        public StateSnapshot snapshot() {
            return snapshot;
        }

        public List<PendingLead> leads() {
            return leads;
        }

        /** The lead's stored position, or null for a lead never decided. */
        public LeadStateRow position(String leadId) {
            return positions.get(leadId);
        }

        /** Loads the sticky owners of these keys into the snapshot. */
        public void loadOwners(Collection<String> keys) {
            List<String> missing = keys.stream().filter(k -> !snapshot.owners().containsKey(k)).distinct().toList();
            for (int from = 0; from < missing.size(); from += IN_CHUNK) {
                named.query("SELECT sticky_key, rep_id FROM sticky_owners WHERE sticky_key IN (:keys)",
                        new MapSqlParameterSource("keys", missing.subList(from, Math.min(missing.size(), from + IN_CHUNK))),
                        rs -> {
                            snapshot.owners().put(rs.getString(1), rs.getString(2));
                        });
            }
        }

        /**
         * The lead each identity belongs to now, with when that lead was received; absent identities are left out.
         * An identity ({@code email:<address>}, else {@code phone:<E.164>}, see lead.LeadIdentity) belongs to the
         * newest decided lead that carries it and was not merged into another: read from the inbox's own email (and
         * phone) columns, so deciding a lead writes no identity row (one insert and one index entry less per lead).
         */
        public Map<String, Map.Entry<String, Instant>> identities(Collection<String> identities) {
            Map<String, Map.Entry<String, Instant>> found = new HashMap<>();
            List<String> emails = identities.stream().filter(i -> i.startsWith(EMAIL_IDENTITY))
                    .map(i -> i.substring(EMAIL_IDENTITY.length())).distinct().toList();
            List<String> phones = identities.stream().filter(i -> i.startsWith(PHONE_IDENTITY))
                    .map(i -> i.substring(PHONE_IDENTITY.length())).distinct().toList();
            owners(found, EMAIL_IDENTITY, "i.email IN (:keys)", emails);
            owners(found, PHONE_IDENTITY, "i.phone IN (:keys) AND i.email IS NULL", phones);
            return found;
        }

        private void owners(Map<String, Map.Entry<String, Instant>> found, String prefix, String where, List<String> keys) {
            String column = prefix.equals(EMAIL_IDENTITY) ? "email" : "phone";
            org.springframework.jdbc.core.RowCallbackHandler owner = rs -> {
                Instant at = rs.getTimestamp(3).toInstant();
                found.merge(prefix + rs.getString(1), Map.entry(rs.getString(2), at),
                        (a, b) -> b.getValue().isAfter(a.getValue())
                                || b.getValue().equals(a.getValue()) && b.getKey().compareTo(a.getKey()) > 0 ? b : a);
            };
            for (int from = 0; from < keys.size(); from += IN_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
                if (queue.isPostgres()) {
                    // One index lookup per identity, whatever the statistics say: the inbox is young in a new database
                    // (no statistics for up to a minute), and then 500 emails IN (…) were planned as a full scan of
                    // the inbox's primary key (150,000 rows, 63 ms a decision batch). LATERAL … LIMIT 1 leaves the
                    // planner only the lookup per value, and reads just the newest lead of each. That plan holds
                    // whatever the table's size, and this runs inside the decision's keysOnly() transaction: so unlike
                    // the IN-list lookups it is prepared on the server and its generic plan kept (2.5 µs of planning
                    // a lead saved at 64 connections).
                    jdbc.query("SELECT k.v, x.lead_id, x.received_at FROM unnest(?::varchar[]) AS k(v) CROSS JOIN LATERAL"
                                    + " (SELECT i.lead_id, i.received_at FROM inbox i JOIN lead_state s ON s.lead_id = i.lead_id"
                                    + " WHERE i." + column + " = k.v" + ("phone".equals(column) ? " AND i.email IS NULL" : "")
                                    + " AND i.merged_into IS NULL ORDER BY i.received_at DESC, i.lead_id DESC LIMIT 1) x",
                            ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", chunk.toArray())), owner);
                } else {
                    named.query("SELECT i." + column + ", i.lead_id, i.received_at"
                                    + " FROM inbox i JOIN lead_state s ON s.lead_id = i.lead_id WHERE " + where + " AND i.merged_into IS NULL",
                            new MapSqlParameterSource("keys", chunk), owner);
                }
            }
        }

        /** Open claims the rep holds in a queue (the rep's row is locked, so this stays true until commit). */
        public int claimsHeld(String repId, String queueId) {
            return LeadLedger.this.claimsHeld(repId, queueId);
        }
    }

    /**
     * Decides up to {@code max} pending leads in one transaction; returns how many were decided (0 = queue empty).
     * {@code decide} gets the batch and returns what to store; the leads leave the pending queue in the same commit.
     */
    public int decidePending(int max, Collection<String> teamIds, Collection<String> repIds, Function<Batch, LedgerWrite> decide) {
        Integer done = tx.execute(status -> {
            queue.keysOnly();
            List<String> ids = jdbc.queryForList(
                    "SELECT lead_id FROM inbox_pending ORDER BY lead_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    String.class, max);
            if (ids.isEmpty()) {
                return 0;
            }
            List<PendingLead> leads = leads(ids);
            Map<String, LeadStateRow> positions = positions(ids, false);
            StateSnapshot snapshot = lockAndRead(teamIds, repIds);
            LedgerWrite write = decide.apply(new Batch(snapshot, leads, positions));
            store(snapshot, write);
            named.update("DELETE FROM inbox_pending WHERE lead_id IN (:ids)", new MapSqlParameterSource("ids", ids));
            return ids.size();
        });
        if (done != null) {
            queue.removedAndCommitted("inbox_pending", done);
        }
        return done == null ? 0 : done;
    }

    /**
     * The leads {@link #decidePending} would take next, read without locking or a transaction: to prepare what a decision
     * needs from outside (CRM lookups) before its transaction. Another replica may take some of them first.
     */
    public List<PendingLead> peekPending(int max) {
        List<String> ids = jdbc.queryForList("SELECT lead_id FROM inbox_pending ORDER BY lead_id FETCH FIRST ? ROWS ONLY",
                String.class, max);
        return ids.isEmpty() ? List.of() : leads(ids);
    }

    /** Takes up to {@code max} leads whose due time has passed (SKIP LOCKED: replicas split them) and stores what {@code handle} returns. */
    public int sweepDue(int max, Collection<String> teamIds, Collection<String> repIds, Function<Batch, LedgerWrite> handle) {
        Integer done = tx.execute(status -> {
            queue.keysOnly();
            List<String> ids = jdbc.queryForList(
                    "SELECT lead_id FROM lead_state WHERE due_at <= ? ORDER BY due_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    String.class, Timestamp.from(clock.instant()), max);
            if (ids.isEmpty()) {
                return 0;
            }
            Map<String, LeadStateRow> positions = positions(ids, false);
            StateSnapshot snapshot = lockAndRead(teamIds, repIds);
            store(snapshot, handle.apply(new Batch(snapshot, leads(ids), positions)));
            return ids.size();
        });
        return done == null ? 0 : done;
    }

    /** One action on one lead: its row is locked (waiting for others), then the shared state. Empty when there is no such lead. */
    public <T> Optional<T> act(String leadId, Collection<String> teamIds, Collection<String> repIds,
            Function<Batch, Acted<T>> action) {
        return Optional.ofNullable(tx.execute(status -> {
            Map<String, LeadStateRow> positions = positions(List.of(leadId), true);
            List<PendingLead> leads = leads(List.of(leadId));
            if (leads.isEmpty()) {
                return null;
            }
            StateSnapshot snapshot = lockAndRead(teamIds, repIds);
            Acted<T> acted = action.apply(new Batch(snapshot, leads, positions));
            store(snapshot, acted.write());
            return acted.result();
        }));
    }

    /**
     * Claim-next: tries the queued leads of {@code queueIds} in priority-then-age order, taking the first whose row is not
     * locked by someone else (SKIP LOCKED), and hands it to {@code action} under lock. Empty when nothing is claimable.
     */
    public <T> Optional<T> actOnNextQueued(List<String> queueIds, Collection<String> teamIds, Collection<String> repIds,
            Function<Batch, Acted<T>> action) {
        if (queueIds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(tx.execute(status -> {
            List<String> candidates = named.queryForList("SELECT lead_id FROM lead_state WHERE status = 'QUEUED'"
                    + " AND queue_id IN (:queues) ORDER BY priority DESC, submitted_at, lead_id FETCH FIRST 50 ROWS ONLY",
                    new MapSqlParameterSource("queues", queueIds), String.class);
            for (String candidate : candidates) {
                List<String> locked = jdbc.queryForList("SELECT lead_id FROM lead_state WHERE lead_id = ? AND status = 'QUEUED'"
                        + " FOR UPDATE SKIP LOCKED", String.class, candidate);
                if (locked.isEmpty()) {
                    continue;
                }
                Map<String, LeadStateRow> positions = positions(locked, false);
                StateSnapshot snapshot = lockAndRead(teamIds, repIds);
                Acted<T> acted = action.apply(new Batch(snapshot, leads(locked), positions));
                store(snapshot, acted.write());
                return acted.result();
            }
            return null;
        }));
    }

    /** One thing a rep did inside a CRM, waiting to be applied to the lead's life. */
    public record CrmFeedback(long id, String leadId, String crm, String type, String crmUser) {
    }

    /**
     * Applies up to {@code max} waiting CRM feedback rows (SKIP LOCKED: replicas split them) in one transaction: each is
     * handed to {@code apply} (whose own ledger actions join this transaction) and then removed. Returns how many.
     */
    public int applyFeedback(int max, java.util.function.Consumer<CrmFeedback> apply) {
        Integer done = tx.execute(status -> {
            queue.keysOnly();
            List<CrmFeedback> rows = jdbc.query("SELECT id, lead_id, crm, type, crm_user FROM crm_feedback ORDER BY id"
                            + " FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    (rs, n) -> new CrmFeedback(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), max);
            rows.forEach(apply);
            if (!rows.isEmpty()) {
                named.update("DELETE FROM crm_feedback WHERE id IN (:ids)",
                        new MapSqlParameterSource("ids", rows.stream().map(CrmFeedback::id).toList()));
            }
            return rows.size();
        });
        return done == null ? 0 : done;
    }

    /**
     * Runs {@code work} in a transaction of its own, even inside another: a refused action rolls back alone, and the
     * caller's transaction (e.g. the CRM feedback it is applying) goes on.
     */
    public void inOwnTransaction(Runnable work) {
        TransactionTemplate own = new TransactionTemplate(java.util.Objects.requireNonNull(tx.getTransactionManager()));
        own.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        own.executeWithoutResult(status -> work.run());
    }

    /** Appends one event to a lead's history, outside any transition (a CRM action that changed nothing here). */
    public void appendEvent(String leadId, String type, String actor, String reason) {
        jdbc.update("INSERT INTO lead_events (lead_id, at, type, actor, reason) VALUES (?, ?, ?, ?, ?)",
                leadId, Timestamp.from(clock.instant()), type, actor, clip(reason, 4000));
    }

    /** What an action returns to its caller, and what it stores. */
    public record Acted<T>(T result, LedgerWrite write) {
    }

    /** Changes volatile rep state (availability, capacity) under the rep's lock; {@code change} returns the new row. */
    public RepStateRow updateRep(String repId, Function<RepStateRow, RepStateRow> change) {
        return tx.execute(status -> {
            RepStateRow current = lockAndRead(List.of(), List.of(repId)).reps().get(repId);
            RepStateRow next = change.apply(current);
            jdbc.update("UPDATE rep_state SET availability = ?, available_until = ?, cap_per_day = ?, cap_open = ?,"
                            + " updated_at = ?, updated_by = ? WHERE rep_id = ?",
                    next.availability(), ts(next.availableUntil()), next.capPerDay(), next.capOpen(),
                    ts(next.updatedAt()), next.updatedBy(), repId);
            return next;
        });
    }

    /** Open claims a rep holds in a queue, read without locks (a hint; the claim itself checks under lock). */
    public int claimsHeld(String repId, String queueId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE rep_id = ? AND queue_id = ? AND status = 'CLAIMED'",
                Integer.class, repId, queueId);
        return n == null ? 0 : n;
    }

    /** A queue's waiting and claimed counts and its oldest waiting lead's submission time. */
    public record QueueStats(int waiting, int claimed, Instant oldestWaiting) {
    }

    public QueueStats queueStats(String queueId) {
        int[] counts = new int[2];
        Instant[] oldest = new Instant[1];
        jdbc.query("SELECT status, COUNT(*), MIN(submitted_at) FROM lead_state WHERE queue_id = ? AND status IN ('QUEUED', 'CLAIMED')"
                + " GROUP BY status", rs -> {
                    if ("QUEUED".equals(rs.getString(1))) {
                        counts[0] = rs.getInt(2);
                        oldest[0] = instant(rs, 3);
                    } else {
                        counts[1] = rs.getInt(2);
                    }
                }, queueId);
        return new QueueStats(counts[0], counts[1], oldest[0]);
    }

    /** Makes every held lead due now: someone may have become available. */
    public int wakeHeld() {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update("UPDATE lead_state SET due_at = ? WHERE status = 'HELD' AND (due_at IS NULL OR due_at > ?)", now, now);
    }

    /** Reads reps' state without locking, for views. */
    public StateSnapshot read(Collection<String> teamIds, Collection<String> repIds) {
        return readState(teamIds, repIds);
    }

    /**
     * Inserts the rows of {@code keys} not known to exist ({@code insert} ends in ON CONFLICT DO NOTHING). Once this
     * transaction has committed they exist (inserted by it, or found committed by another), and these rows are never
     * deleted: later batches skip them. Known at commit, not from the row counts, which PostgreSQL's rewritten batches
     * do not report.
     */
    private void ensureRows(String table, String insert, List<Object[]> keys) {
        List<Object[]> unknown = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Object[] key : keys) {
            String name = table + '|' + java.util.Arrays.toString(key);
            if (!existingRows.contains(name)) {
                unknown.add(key);
                names.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(insert, unknown);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    existingRows.addAll(names);
                }
            });
        }
    }

    private StateSnapshot lockAndRead(Collection<String> teamIds, Collection<String> repIds) {
        TreeSet<String> teams = new TreeSet<>(teamIds);
        TreeSet<String> reps = new TreeSet<>(repIds);
        if (!teams.isEmpty()) {
            ensureRows("round_robin_cursor", "INSERT INTO round_robin_cursor (team_id, last_rep_id, turns) VALUES (?, NULL, 0)"
                    + " ON CONFLICT DO NOTHING", teams.stream().map(t -> new Object[] {t}).toList());
            named.query("SELECT team_id FROM round_robin_cursor WHERE team_id IN (:teams) ORDER BY team_id FOR UPDATE",
                    new MapSqlParameterSource("teams", teams), rs -> {
                    });
        }
        if (!reps.isEmpty()) {
            ensureRows("rep_state", "INSERT INTO rep_state (rep_id, open_leads, load_day, day_count, availability)"
                            + " VALUES (?, 0, NULL, 0, 'available') ON CONFLICT DO NOTHING",
                    reps.stream().map(r -> new Object[] {r}).toList());
            named.query("SELECT rep_id FROM rep_state WHERE rep_id IN (:reps) ORDER BY rep_id FOR UPDATE",
                    new MapSqlParameterSource("reps", reps), rs -> {
                    });
        }
        return readState(teams, reps);
    }

    private StateSnapshot readState(Collection<String> teams, Collection<String> reps) {
        Map<String, RepStateRow> repRows = new LinkedHashMap<>();
        reps.forEach(r -> repRows.put(r, RepStateRow.fresh(r)));
        Map<String, double[]> standings = new HashMap<>();
        Map<String, String> lastTurns = new HashMap<>();
        if (!reps.isEmpty()) {
            named.query("SELECT rep_id, open_leads, load_day, day_count, availability, available_until, cap_per_day, cap_open,"
                            + " updated_at, updated_by FROM rep_state WHERE rep_id IN (:reps)",
                    new MapSqlParameterSource("reps", reps),
                    rs -> {
                        Date day = rs.getDate(3);
                        repRows.put(rs.getString(1), new RepStateRow(rs.getString(1), rs.getInt(2),
                                day == null ? null : day.toLocalDate(), rs.getInt(4), rs.getString(5), instant(rs, 6),
                                (Integer) rs.getObject(7), (Integer) rs.getObject(8), instant(rs, 9), rs.getString(10)));
                    });
        }
        if (!teams.isEmpty()) {
            named.query("SELECT team_id, rep_id, entitlement, received FROM rep_ledger WHERE team_id IN (:teams)",
                    new MapSqlParameterSource("teams", teams),
                    rs -> {
                        standings.put(StateSnapshot.standingKey(rs.getString(1), rs.getString(2)),
                                new double[] {rs.getDouble(3), rs.getLong(4)});
                    });
            named.query("SELECT team_id, last_rep_id FROM round_robin_cursor WHERE team_id IN (:teams)",
                    new MapSqlParameterSource("teams", teams),
                    rs -> {
                        if (rs.getString(2) != null) {
                            lastTurns.put(rs.getString(1), rs.getString(2));
                        }
                    });
        }
        return new StateSnapshot(repRows, standings, lastTurns, new HashMap<>());
    }

    private List<PendingLead> leads(List<String> ids) {
        List<PendingLead> leads = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            leads.addAll(lookups.query(
                    "SELECT lead_id, source_id, lead_json, received_at FROM inbox WHERE lead_id IN (:ids) ORDER BY lead_id",
                    new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK))),
                    (rs, i) -> new PendingLead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant())));
        }
        return leads;
    }

    private Map<String, LeadStateRow> positions(List<String> ids, boolean lock) {
        Map<String, LeadStateRow> rows = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            lookups.query("SELECT " + STATE_COLUMNS + " FROM lead_state ls WHERE ls.lead_id IN (:ids)" + (lock ? " FOR UPDATE" : ""),
                    new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK))),
                    rs -> {
                        LeadStateRow row = stateRow(rs);
                        rows.put(row.leadId(), row);
                    });
        }
        return rows;
    }

    /** Reads one lead's position (no lock), for views. */
    public Optional<LeadStateRow> position(String leadId) {
        return jdbc.query("SELECT " + STATE_COLUMNS + " FROM lead_state ls WHERE ls.lead_id = ?", (rs, i) -> stateRow(rs), leadId)
                .stream().findFirst();
    }

    /** Positions by status and filters, for the queue, rep and partner views; newest-priority first for queues. */
    public List<LeadStateRow> positions(String where, Map<String, ?> params, int limit) {
        MapSqlParameterSource source = new MapSqlParameterSource(params);
        source.addValue("limit", limit);
        return named.query("SELECT " + STATE_COLUMNS + " FROM lead_state ls WHERE " + where
                + " ORDER BY ls.priority DESC, ls.submitted_at, ls.lead_id FETCH FIRST :limit ROWS ONLY", source, (rs, i) -> stateRow(rs));
    }

    static LeadStateRow stateRow(ResultSet rs) throws SQLException {
        return new LeadStateRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                instant(rs, 10), instant(rs, 11), instant(rs, 12), instant(rs, 13), instant(rs, 14));
    }

    private void store(StateSnapshot snapshot, LedgerWrite write) {
        Instant now = clock.instant();
        Timestamp nowTs = Timestamp.from(now);
        storePositions(write, nowTs);
        jdbc.batchUpdate("INSERT INTO lead_events (lead_id, at, type, actor, reason) VALUES (?, ?, ?, ?, ?)",
                write.events.stream().map(e -> new Object[] {e.leadId(), Timestamp.from(e.at()), e.type(), e.actor(),
                        clip(e.reason(), 4000)}).toList());
        if (!write.outbox.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM outbox WHERE lead_id = ? AND crm = ?",
                    write.outbox.stream().filter(LedgerWrite.OutboxRow::replace).map(o -> new Object[] {o.leadId(), o.crm()}).toList());
            jdbc.batchUpdate("INSERT INTO outbox (lead_id, crm, payload, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)",
                    write.outbox.stream().map(o -> new Object[] {o.leadId(), o.crm(), o.payloadJson(), nowTs, nowTs}).toList());
        }
        if (!write.notifications.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO notifications (lead_id, crm, channel, recipient, subject, body, attempts, next_attempt_at,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                    write.notifications.stream().map(n -> new Object[] {n.leadId(), n.crm(), n.channel(), clip(n.recipient(), 320),
                            clip(n.subject(), 300), clip(n.body(), 4000), nowTs, nowTs}).toList());
        }
        storeLoads(snapshot, write);
        jdbc.batchUpdate("UPDATE inbox SET merged_into = ? WHERE lead_id = ?",
                write.merges.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey()}).toList());
        if (!write.standingDeltas.isEmpty()) {
            List<Object[]> keys = new ArrayList<>();
            List<Object[]> deltas = new ArrayList<>();
            write.standingDeltas.forEach((team, reps) -> reps.forEach((rep, d) -> {
                keys.add(new Object[] {team, rep});
                deltas.add(new Object[] {d[0], (long) d[1], team, rep});
            }));
            ensureRows("rep_ledger", "INSERT INTO rep_ledger (team_id, rep_id, entitlement, received) VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING", keys);
            jdbc.batchUpdate("UPDATE rep_ledger SET entitlement = entitlement + ?, received = received + ? WHERE team_id = ? AND rep_id = ?", deltas);
        }
        List<Object[]> turns = new ArrayList<>();
        write.lastTurns.forEach((team, rep) -> turns.add(new Object[] {rep, write.turns.get(team), team}));
        jdbc.batchUpdate("UPDATE round_robin_cursor SET last_rep_id = ?, turns = turns + ? WHERE team_id = ?", turns);
        if (!write.owners.isEmpty()) {
            List<Object[]> owners = write.owners.entrySet().stream()
                    .map(e -> new Object[] {e.getValue(), nowTs, clip(e.getKey(), 400)}).toList();
            jdbc.batchUpdate("UPDATE sticky_owners SET rep_id = ?, updated_at = ? WHERE sticky_key = ?", owners);
            jdbc.batchUpdate("INSERT INTO sticky_owners (rep_id, updated_at, sticky_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", owners);
        }
    }

    /**
     * Writes positions: a lead's first decision inserts its row (decision included); a new decision for a known lead
     * first moves the current one to decision_log; an action without a decision (claim, touch) keeps the decision.
     */
    private void storePositions(LedgerWrite write, Timestamp now) {
        if (write.positions.isEmpty()) {
            return;
        }
        Map<String, LedgerWrite.DecisionRow> decisions = new HashMap<>();
        write.decisions.forEach(d -> decisions.put(d.leadId(), d));
        List<LeadStateRow> known = write.positions.values().stream().filter(r -> !write.newPositions.contains(r.leadId())).toList();
        jdbc.batchUpdate("INSERT INTO decision_log (lead_id, outcome, rule_id, team_id, rep_id, queue_id, decision_json, decided_at)"
                        + " SELECT lead_id, outcome, rule_id, team_id, rep_id, queue_id, decision_json, decided_at FROM lead_state"
                        + " WHERE lead_id = ? AND decision_json IS NOT NULL",
                known.stream().filter(r -> decisions.containsKey(r.leadId())).map(r -> new Object[] {r.leadId()}).toList());
        List<Object[]> withDecision = new ArrayList<>();
        List<Object[]> withoutDecision = new ArrayList<>();
        for (LeadStateRow r : known) {
            LedgerWrite.DecisionRow d = decisions.get(r.leadId());
            Object[] base = positionValues(r, now);
            if (d == null) {
                withoutDecision.add(append(base, r.leadId()));
            } else {
                withDecision.add(append(base, d.outcome(), d.decisionJson(), Timestamp.from(d.decidedAt()), r.leadId()));
            }
        }
        String set = "UPDATE lead_state SET status = ?, rule_id = ?, ladder_id = ?, step = ?, team_id = ?, rep_id = ?, queue_id = ?,"
                + " priority = ?, deadline = ?, claim_expires_at = ?, due_at = ?, submitted_at = ?, touched_at = ?, updated_at = ?";
        jdbc.batchUpdate(set + " WHERE lead_id = ?", withoutDecision);
        jdbc.batchUpdate(set + ", outcome = ?, decision_json = ?, decided_at = ? WHERE lead_id = ?", withDecision);
        List<Object[]> inserts = new ArrayList<>();
        for (LeadStateRow r : write.positions.values()) {
            if (write.newPositions.contains(r.leadId())) {
                LedgerWrite.DecisionRow d = decisions.get(r.leadId());
                inserts.add(append(positionValues(r, now), d == null ? null : d.outcome(), d == null ? null : d.decisionJson(),
                        d == null ? null : Timestamp.from(d.decidedAt()), r.leadId()));
            }
        }
        jdbc.batchUpdate("INSERT INTO lead_state (status, rule_id, ladder_id, step, team_id, rep_id, queue_id, priority, deadline,"
                + " claim_expires_at, due_at, submitted_at, touched_at, updated_at, outcome, decision_json, decided_at, lead_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
    }

    private static Object[] positionValues(LeadStateRow r, Timestamp now) {
        return new Object[] {r.status(), r.ruleId(), r.ladderId(), r.step(), r.teamId(), r.repId(), r.queueId(), r.priority(),
                ts(r.deadline()), ts(r.claimExpiresAt()), ts(r.dueAt()), ts(r.submittedAt()), ts(r.touchedAt()), now};
    }

    private static Object[] append(Object[] values, Object... more) {
        Object[] all = java.util.Arrays.copyOf(values, values.length + more.length);
        System.arraycopy(more, 0, all, values.length, more.length);
        return all;
    }

    private void storeLoads(StateSnapshot snapshot, LedgerWrite write) {
        List<Object[]> updates = new ArrayList<>();
        TreeSet<String> reps = new TreeSet<>(write.openDeltas.keySet());
        reps.addAll(write.dayDeltas.keySet());
        for (String repId : reps) {
            RepStateRow row = snapshot.reps().get(repId);
            if (row == null) {
                throw new IllegalStateException("rep " + repId + " changed without being locked");
            }
            int open = Math.max(0, row.openLeads() + write.openDeltas.getOrDefault(repId, new int[1])[0]);
            LocalDate day = row.loadDay();
            int count = row.dayCount();
            for (Map.Entry<LocalDate, Integer> d : write.dayDeltas.getOrDefault(repId, Map.of()).entrySet()) {
                if (d.getKey().equals(day)) {
                    count += d.getValue();
                } else if (day == null || d.getKey().isAfter(day)) {
                    day = d.getKey();
                    count = d.getValue();
                }
            }
            updates.add(new Object[] {open, day == null ? null : Date.valueOf(day), count, repId});
        }
        jdbc.batchUpdate("UPDATE rep_state SET open_leads = ?, load_day = ?, day_count = ? WHERE rep_id = ?", updates);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
