package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the outbox for one CRM: claims due entries (SKIP LOCKED, so replicas split the work), lets the
 * writer call the CRM with the whole batch while the rows stay locked, and records each result in the same
 * transaction. A crash before the commit leaves the rows to be sent again, so writers must be idempotent.
 */
public class Outbox {
    private static final int DETAIL_MAX = 2000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxAttempts;

    public Outbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, int maxAttempts) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Claims up to {@code max} due entries for {@code crm}, hands them to {@code writer} as one batch (it answers
     * one result per entry, in order), records the results; returns the count.
     */
    public int drain(String crm, int max, Function<List<OutboxEntry>, List<WriteResult>> writer) {
        Integer done = tx.execute(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<OutboxEntry> due = jdbc.query(
                    "SELECT id, lead_id, crm, payload, attempts FROM outbox WHERE crm = ? AND next_attempt_at <= ?"
                            + " ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    (rs, i) -> new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
                    crm, now, max);
            if (due.isEmpty()) {
                return 0;
            }
            List<WriteResult> results = writer.apply(due);
            if (results.size() != due.size()) {
                throw new IllegalStateException("writer answered " + results.size() + " results for " + due.size() + " entries");
            }
            for (int i = 0; i < due.size(); i++) {
                record(due.get(i), results.get(i));
            }
            return due.size();
        });
        return done == null ? 0 : done;
    }

    private void record(OutboxEntry entry, WriteResult result) {
        int attempts = entry.attempts() + 1;
        Instant now = clock.instant();
        if (result instanceof WriteResult.Written w) {
            finish(entry, "WRITTEN", w.recordId(), null, attempts, now);
        } else if (result instanceof WriteResult.Failed f) {
            finish(entry, "FAILED", null, f.detail(), attempts, now);
        } else if (result instanceof WriteResult.RetryLater r && attempts >= maxAttempts) {
            finish(entry, "FAILED", null, "gave up after " + attempts + " attempts: " + r.detail(), attempts, now);
        } else if (result instanceof WriteResult.RetryLater r) {
            jdbc.update("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                    attempts, Timestamp.from(now.plus(r.delay())), clip(r.detail()), entry.id());
        }
    }

    private void finish(OutboxEntry entry, String status, String recordId, String detail, int attempts, Instant now) {
        jdbc.update("DELETE FROM crm_writes WHERE lead_id = ? AND crm = ?", entry.leadId(), entry.crm());
        jdbc.update("INSERT INTO crm_writes (lead_id, crm, status, record_id, detail, attempts, written_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                entry.leadId(), entry.crm(), status, recordId, clip(detail), attempts, Timestamp.from(now));
        jdbc.update("DELETE FROM outbox WHERE id = ?", entry.id());
    }

    private static String clip(String detail) {
        return detail == null || detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX);
    }
}
