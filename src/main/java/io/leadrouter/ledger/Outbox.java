package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the outbox for one CRM with leases: claims due entries (SKIP LOCKED, so replicas split the work), stamps a
 * lease and counts the attempt, commits, calls the CRM outside any transaction, then records each result. A writer
 * that dies mid-call leaves its lease to run out and the entries are sent again, so writers must be idempotent.
 * One write per lead and CRM is in flight at a time: a newer entry of a lead (a later decision replaced the leased
 * one) is not leased until the older write's result is recorded or its lease ran out ({@code outbox_in_flight}), so
 * several writers — threads of one stage or replicas — never send one lead's writes out of order.
 *
 * <p>Results: written → {@code crm_writes}; refused for good (or out of attempts) → a dead letter with the CRM's own
 * message; a passing failure → retried with back-off. A {@link WriterPausedException} (the connection itself is
 * wrong) fails no record: the entries are released uncounted and the CRM's writer pauses, probing with one entry
 * every {@code probeInterval} until the CRM accepts a write again. A {@link WriterBackOffException} releases the
 * entries uncounted too: a CRM limit (403 REQUEST_LIMIT_EXCEEDED, 429) stops that CRM's writers on every replica until
 * its wait has passed (state {@code LIMITED}, then one probing write); a call this instance's guard refused (open
 * circuit) only makes this writer wait.
 */
public class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final int DETAIL_MAX = 2000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final QueueTables queue;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration lease;
    private final Duration probeInterval;
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    /** CRM calls of this instance in flight, per CRM. */
    private final Map<String, AtomicInteger> calling = new ConcurrentHashMap<>();
    private volatile Listener listener = Listener.NONE;
    private volatile Duration maxRetryDelay = Duration.ofMinutes(5);

    public Outbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, int maxAttempts, Duration lease, Duration probeInterval) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.queue = new QueueTables(jdbc);
        this.tx = tx;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
        this.probeInterval = probeInterval;
    }

    /**
     * A CRM writer standing still: {@code kind} PAUSED (the connection is wrong) or LIMITED (the CRM's API limit is
     * reached); since when, why, and when it tries one write again.
     */
    public record Pause(String crm, Instant since, String reason, Instant nextProbe, String kind) {
        public static final String PAUSED = "PAUSED";
        public static final String LIMITED = "LIMITED";

        public boolean limited() {
            return LIMITED.equals(kind);
        }
    }

    /** Told what became of each entry ({@code written}, {@code dead_letter}, {@code retry}, {@code released}), for metrics. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (crm, outcome, count) -> { };

        void recorded(String crm, String outcome, int count);

        /** Leads whose write to {@code crm} was recorded WRITTEN, each with the time since its receipt (from its id). */
        default void written(String crm, List<Duration> sinceReceived) {
        }
    }

    /**
     * The longest a passing failure delays an entry (a writer's doubling back-off is capped here), so that after an
     * outage the writes go out within this of the CRM's recovery, not after a back-off as long as the outage was.
     */
    public void maxRetryDelay(Duration maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public void listener(Listener listener) {
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /**
     * Leases up to {@code max} due entries for {@code crm}, hands them to {@code writer} as one batch (it answers one
     * result per entry, in order) outside any transaction, and records the results; returns how many were handled.
     */
    public int drain(String crm, int max, Function<List<OutboxEntry>, List<WriteResult>> writer) {
        return drain(crm, max, writer, () -> { });
    }

    /**
     * As {@link #drain(String, int, Function)}; {@code fullBatch} runs once a full batch of {@code max} was leased,
     * before the CRM is called, so another writer can lease the next batch while this call is in flight; while a call
     * of this instance is in flight, a second one leases only a full batch.
     */
    public int drain(String crm, int max, Function<List<OutboxEntry>, List<WriteResult>> writer, Runnable fullBatch) {
        Instant now = clock.instant();
        Instant wait = notBefore.get(crm);
        if (wait != null && now.isBefore(wait)) {
            return 0;
        }
        Pause pause = pause(crm);
        if (pause != null && now.isBefore(pause.nextProbe())) {
            return 0;
        }
        AtomicInteger calls = calling.computeIfAbsent(crm, c -> new AtomicInteger());
        // while another call of this instance is in flight, only a full batch is worth a second call: the rest waits
        // for that writer to come back, so a burst still goes out in few, full batches
        boolean fullOnly = pause == null && max > 1 && calls.get() > 0;
        List<OutboxEntry> leased = lease(crm, pause == null ? max : 1, fullOnly);
        if (leased.isEmpty()) {
            return 0;
        }
        if (max > 1 && leased.size() >= max) {
            fullBatch.run();
        }
        calls.incrementAndGet();
        try (LeadLog.Scope leads = LeadLog.leads(leased.stream().map(OutboxEntry::leadId).toList())) {
            return write(crm, leased, writer, pause);
        } finally {
            calls.decrementAndGet();
        }
    }

    private int write(String crm, List<OutboxEntry> leased, Function<List<OutboxEntry>, List<WriteResult>> writer, Pause pause) {
        List<WriteResult> results;
        try {
            results = writer.apply(leased);
            if (results.size() != leased.size()) {
                throw new IllegalStateException("writer answered " + results.size() + " results for " + leased.size() + " entries");
            }
        } catch (WriterPausedException e) {
            pauseWriter(crm, leased, e.getMessage(), Pause.PAUSED, probeInterval, pause);
            return 0;
        } catch (WriterBackOffException e) {
            if (e.isLimit()) {
                pauseWriter(crm, leased, e.getMessage(), Pause.LIMITED, e.waitFor(), pause);
            } else {
                release(leased, e.getMessage(), null);
                notBefore.put(crm, clock.instant().plus(e.waitFor()));
            }
            return 0;
        } catch (RuntimeException e) {
            LOG.warn("{} writer failed on a batch of {}; each entry is retried: {}", crm, leased.size(), e.toString());
            WriteResult retry = new WriteResult.RetryLater(e.getClass().getSimpleName() + ": " + e.getMessage(), Duration.ofSeconds(30));
            results = Collections.nCopies(leased.size(), retry);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} answered for {} record(s): {}", crm, results.size(),
                    results.stream().map(r -> r.getClass().getSimpleName()).toList());
        }
        List<WriteResult> answered = results;
        String[] outcomes = tx.execute(status -> {
            queue.keysOnly();
            String[] recorded = record(leased, answered);
            if (pause != null) {
                jdbc.update("DELETE FROM crm_writer_state WHERE crm = ?", crm);
            }
            return recorded;
        });
        if (pause != null) {
            LOG.warn("{} writer resumed after being {}: the CRM accepted a write again", crm, pause.kind());
        }
        notBefore.remove(crm);
        Map<String, Integer> counts = new java.util.HashMap<>(4);
        for (String outcome : outcomes) {
            counts.merge(outcome, 1, Integer::sum);
        }
        // a lease reads outbox_due from its low end, where the entries of written rows pile up (see QueueTables)
        queue.removedAndCommitted("outbox", outcomes.length - counts.getOrDefault("retry", 0));
        queue.removedAndCommitted("outbox_in_flight", leased.size());
        counts.forEach((outcome, count) -> listener.recorded(crm, outcome, count));
        if (counts.containsKey("written")) {
            listener.written(crm, sinceReceived(leased, outcomes));
        }
        return leased.size();
    }

    /** Per entry recorded WRITTEN, the time from its lead's receipt (the millisecond in its UUIDv7 id) until now. */
    private List<Duration> sinceReceived(List<OutboxEntry> leased, String[] outcomes) {
        long now = clock.millis();
        List<Duration> times = new ArrayList<>(leased.size());
        for (int i = 0; i < outcomes.length; i++) {
            long received = LeadIds.epochMillis(leased.get(i).leadId());
            if ("written".equals(outcomes[i]) && received > 0) {
                times.add(Duration.ofMillis(Math.max(0, now - received)));
            }
        }
        return times;
    }

    private List<OutboxEntry> lease(String crm, int max, boolean fullOnly) {
        List<OutboxEntry> leased = tx.execute(status -> {
            queue.keysOnly();
            Timestamp now = Timestamp.from(clock.instant());
            // an entry whose lead already has a write in flight to this CRM (an older entry, since replaced) waits
            List<OutboxEntry> due = jdbc.query(
                    "SELECT id, lead_id, crm, payload, attempts FROM outbox o WHERE crm = ? AND next_attempt_at <= ?"
                            + " AND (lease_until IS NULL OR lease_until <= ?)"
                            + " AND NOT EXISTS (SELECT 1 FROM outbox_in_flight f WHERE f.lead_id = o.lead_id AND f.crm = o.crm"
                            + " AND f.lease_until > ? OFFSET 0)" // OFFSET 0: a lookup by key per candidate, never a join
                            + " ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    (rs, i) -> new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
                    crm, now, now, now, max);
            if (fullOnly && due.size() < max) {
                status.setRollbackOnly();
                return List.<OutboxEntry>of();
            }
            if (!due.isEmpty()) {
                Timestamp until = Timestamp.from(clock.instant().plus(lease));
                named.update("UPDATE outbox SET lease_until = :until, attempts = attempts + 1 WHERE id IN (:ids)",
                        new MapSqlParameterSource("until", until).addValue("ids", due.stream().map(OutboxEntry::id).toList()));
                // a marker left by a writer that died (its lease ran out) is replaced
                jdbc.batchUpdate("DELETE FROM outbox_in_flight WHERE lead_id = ? AND crm = ?",
                        due.stream().map(e -> new Object[] {e.leadId(), e.crm()}).toList());
                jdbc.batchUpdate("INSERT INTO outbox_in_flight (lead_id, crm, outbox_id, lease_until) VALUES (?, ?, ?, ?)",
                        due.stream().map(e -> new Object[] {e.leadId(), e.crm(), e.id(), until}).toList());
            }
            return due;
        });
        return leased == null ? List.of() : leased;
    }

    /** Gives the entries back uncounted (no record was at fault), due again at {@code dueAt} (null: unchanged). */
    private void release(List<OutboxEntry> leased, String reason, Instant dueAt) {
        MapSqlParameterSource params = new MapSqlParameterSource("why", clip(reason))
                .addValue("ids", leased.stream().map(OutboxEntry::id).toList());
        if (dueAt == null) {
            named.update("UPDATE outbox SET lease_until = NULL, attempts = attempts - 1, last_error = :why WHERE id IN (:ids)", params);
        } else {
            named.update("UPDATE outbox SET lease_until = NULL, attempts = attempts - 1, last_error = :why,"
                    + " next_attempt_at = :due WHERE id IN (:ids)", params.addValue("due", Timestamp.from(dueAt)));
        }
        clearInFlight(leased);
        listener.recorded(leased.get(0).crm(), "released", leased.size());
    }

    /** The entries' writes are no longer in flight: a newer entry of the same lead may be leased now. */
    private void clearInFlight(List<OutboxEntry> entries) {
        jdbc.batchUpdate("DELETE FROM outbox_in_flight WHERE lead_id = ? AND crm = ? AND outbox_id = ?",
                entries.stream().map(e -> new Object[] {e.leadId(), e.crm(), e.id()}).toList());
    }

    /** The writer stands still ({@code kind} PAUSED or LIMITED) until {@code wait} passed; logged once per change of state. */
    private void pauseWriter(String crm, List<OutboxEntry> leased, String reason, String kind, Duration wait, Pause before) {
        Instant now = clock.instant();
        Instant probe = now.plus(wait);
        tx.executeWithoutResult(status -> {
            release(leased, (Pause.LIMITED.equals(kind) ? "writer limited: " : "writer paused: ") + reason,
                    Pause.LIMITED.equals(kind) ? probe : null);
            if (jdbc.update("UPDATE crm_writer_state SET reason = ?, next_probe_at = ?, kind = ? WHERE crm = ?", clip(reason),
                    Timestamp.from(probe), kind, crm) == 0) {
                jdbc.update("INSERT INTO crm_writer_state (crm, paused_at, reason, next_probe_at, kind) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING", crm, Timestamp.from(now), clip(reason), Timestamp.from(probe), kind);
            }
        });
        if (before == null || !before.kind().equals(kind)) {
            if (Pause.LIMITED.equals(kind)) {
                LOG.error("{} writer LIMITED: the CRM's API limit is reached; nothing is sent until {} (no record failed): {}",
                        crm, probe, reason);
            } else {
                LOG.error("{} writer PAUSED, no record failed; fix the connection — writes resume by themselves: {}", crm, reason);
            }
        }
    }

    /**
     * Stores what became of each entry in a few JDBC batches (a batch of 200 is a handful of round trips, not 600
     * statements); answers per entry {@code written}, {@code dead_letter} or {@code retry}.
     */
    private String[] record(List<OutboxEntry> entries, List<WriteResult> results) {
        String[] outcomes = new String[entries.size()];
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> finished = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        List<Object[]> done = new ArrayList<>();
        List<Object[]> dead = new ArrayList<>();
        List<Object[]> retries = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            OutboxEntry entry = entries.get(i);
            WriteResult result = results.get(i);
            int attempts = entry.attempts() + 1;
            String status = null;
            String recordId = null;
            String detail = null;
            if (result instanceof WriteResult.Written w) {
                status = "WRITTEN";
                recordId = w.recordId();
            } else if (result instanceof WriteResult.Failed f) {
                status = "DEAD_LETTER";
                detail = f.detail();
            } else if (result instanceof WriteResult.RetryLater r && attempts >= maxAttempts) {
                status = "DEAD_LETTER";
                detail = "gave up after " + attempts + " attempts: " + r.detail();
            } else if (result instanceof WriteResult.RetryLater r) {
                Duration delay = r.delay().compareTo(maxRetryDelay) > 0 ? maxRetryDelay : r.delay();
                retries.add(new Object[] {Timestamp.from(now.toInstant().plus(delay)), clip(r.detail()), entry.id()});
            }
            outcomes[i] = status == null ? "retry" : "WRITTEN".equals(status) ? "written" : "dead_letter";
            if (status != null) {
                if ("DEAD_LETTER".equals(status)) {
                    dead.add(new Object[] {entry.leadId(), entry.crm(), entry.payloadJson(), clip(detail), attempts, now});
                }
                keys.add(new Object[] {entry.leadId(), entry.crm()});
                finished.add(new Object[] {entry.leadId(), entry.crm(), status, recordId, clip(detail), attempts, now});
                done.add(new Object[] {entry.id()});
            }
        }
        if (!dead.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO dead_letters (lead_id, crm, payload, detail, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)", dead);
        }
        if (!finished.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM crm_writes WHERE lead_id = ? AND crm = ?", keys);
            jdbc.batchUpdate("INSERT INTO crm_writes (lead_id, crm, status, record_id, detail, attempts, written_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", finished);
            jdbc.batchUpdate("DELETE FROM outbox WHERE id = ?", done);
        }
        if (!retries.isEmpty()) {
            jdbc.batchUpdate("UPDATE outbox SET lease_until = NULL, next_attempt_at = ?, last_error = ? WHERE id = ?", retries);
        }
        clearInFlight(entries);
        return outcomes;
    }

    /** The CRM's pause, or null when its writer runs. */
    public Pause pause(String crm) {
        return pauses().get(crm);
    }

    /** Every paused CRM writer, by CRM. */
    public Map<String, Pause> pauses() {
        Map<String, Pause> pauses = new LinkedHashMap<>();
        jdbc.query("SELECT crm, paused_at, reason, next_probe_at, kind FROM crm_writer_state ORDER BY crm", rs -> {
            pauses.put(rs.getString(1), new Pause(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                    rs.getTimestamp(4).toInstant(), rs.getString(5)));
        });
        return pauses;
    }

    /** Entries waiting for {@code crm} (not yet written), for health and metrics. */
    public int depth(String crm) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE crm = ?", Integer.class, crm);
        return count == null ? 0 : count;
    }

    static String clip(String detail) {
        return detail == null || detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX);
    }
}
