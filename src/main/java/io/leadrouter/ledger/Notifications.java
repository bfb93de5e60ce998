package io.leadrouter.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Drains the notifications table with leases, like {@link Outbox}: claims due rows (SKIP LOCKED), stamps a lease and
 * counts the attempt, commits, sends each outside any transaction, then records the results — sent, retried with
 * exponential back-off, or given up after {@code maxAttempts} with the error kept. A sender that dies mid-send leaves
 * its lease to run out and the row is sent again: at least once, and a resend carries the same notification id.
 */
public class Notifications {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    /** One notification to send; {@code recordId} is the lead's CRM record id once the CRM write succeeded, else null. */
    public record Entry(long id, String leadId, String crm, String recordId, String channel, String recipient,
                        String subject, String body, int attempts) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final QueueTables queue;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration lease;
    private final Duration retryDelay;

    public Notifications(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, int maxAttempts, Duration lease, Duration retryDelay) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.queue = new QueueTables(jdbc);
        this.tx = tx;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
        this.retryDelay = retryDelay;
    }

    /**
     * Leases up to {@code max} due notifications and sends each with {@code sender}, which answers null when sent or
     * the error; returns how many were handled (0 = none due).
     */
    public int drain(int max, Function<Entry, String> sender) {
        List<Entry> leased = lease(max);
        if (leased.isEmpty()) {
            return 0;
        }
        List<String> errors = new ArrayList<>();
        for (Entry entry : leased) {
            String error;
            try {
                error = sender.apply(entry);
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            errors.add(error);
        }
        tx.executeWithoutResult(status -> {
            queue.keysOnly();
            for (int i = 0; i < leased.size(); i++) {
                record(leased.get(i), errors.get(i));
            }
        });
        return leased.size();
    }

    private List<Entry> lease(int max) {
        List<Entry> leased = tx.execute(status -> {
            queue.keysOnly();
            Timestamp now = Timestamp.from(clock.instant());
            List<Long> due = jdbc.queryForList("SELECT id FROM notifications WHERE sent_at IS NULL AND next_attempt_at <= ?"
                    + " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    Long.class, now, now, max);
            if (due.isEmpty()) {
                return List.<Entry>of();
            }
            MapSqlParameterSource ids = new MapSqlParameterSource("ids", due)
                    .addValue("until", Timestamp.from(clock.instant().plus(lease)));
            named.update("UPDATE notifications SET lease_until = :until, attempts = attempts + 1 WHERE id IN (:ids)", ids);
            return named.query("SELECT n.id, n.lead_id, n.crm, w.record_id, n.channel, n.recipient, n.subject, n.body, n.attempts"
                            + " FROM notifications n LEFT JOIN crm_writes w ON w.lead_id = n.lead_id AND w.crm = n.crm"
                            + " AND w.status = 'WRITTEN' WHERE n.id IN (:ids) ORDER BY n.id", ids,
                    (rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)));
        });
        return leased == null ? List.of() : leased;
    }

    private void record(Entry entry, String error) {
        Instant now = clock.instant();
        if (error == null) {
            jdbc.update("UPDATE notifications SET sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?",
                    Timestamp.from(now), entry.id());
        } else if (entry.attempts() >= maxAttempts) {
            LOG.warn("notification {} ({}) for lead {} given up after {} attempts: {}", entry.id(), entry.channel(),
                    entry.leadId(), entry.attempts(), Outbox.clip(error));
            jdbc.update("UPDATE notifications SET next_attempt_at = NULL, lease_until = NULL, last_error = ? WHERE id = ?",
                    Outbox.clip("gave up after " + entry.attempts() + " attempts: " + error), entry.id());
        } else {
            Duration delay = backOff(entry.attempts());
            LOG.info("notification {} ({}) for lead {} failed (attempt {}), retried in {}: {}", entry.id(), entry.channel(),
                    entry.leadId(), entry.attempts(), delay, Outbox.clip(error));
            jdbc.update("UPDATE notifications SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                    Timestamp.from(now.plus(delay)), Outbox.clip(error), entry.id());
        }
    }

    /** The retry delay doubles with each attempt, up to an hour. */
    Duration backOff(int attempts) {
        Duration delay = retryDelay.multipliedBy(1L << Math.min(attempts - 1, 16));
        return delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay;
    }

    /** Notifications not yet sent nor given up, for health and metrics. */
    public int depth() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM notifications WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL",
                Integer.class);
        return count == null ? 0 : count;
    }
}
