package io.leadrouter.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** CRM writes a CRM refused for good, with its own message; an admin replays one once the cause is fixed. */
public class DeadLetters {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DeadLetters(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** One dead letter: which lead, which CRM, the CRM's message, and when it was replayed (null: not yet). */
    public record DeadLetter(long id, String leadId, String crm, String detail, int attempts, Instant createdAt, Instant replayedAt) {
    }

    /** How a replay ended: queued again, or why not. */
    public enum Replay { QUEUED, ALREADY_REPLAYED, NEWER_WRITE_QUEUED }

    /** Newest first; {@code crm} null = every CRM; {@code open}: only those not replayed. */
    public List<DeadLetter> list(String crm, boolean open, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        if (crm != null) {
            sql.append(" AND crm = ?");
            args.add(crm);
        }
        if (open) {
            sql.append(" AND replayed_at IS NULL");
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(sql.toString(), DeadLetters::row, args.toArray());
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", DeadLetters::row, id).stream().findFirst();
    }

    /** Queues the refused write again (fresh attempts); empty when there is no such dead letter. */
    public Optional<Replay> replay(long id) {
        return tx.execute(status -> {
            List<Object[]> rows = jdbc.query("SELECT lead_id, crm, payload, replayed_at FROM dead_letters WHERE id = ? FOR UPDATE",
                    (rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4)}, id);
            if (rows.isEmpty()) {
                return Optional.<Replay>empty();
            }
            Object[] row = rows.get(0);
            if (row[3] != null) {
                return Optional.of(Replay.ALREADY_REPLAYED);
            }
            Timestamp now = Timestamp.from(clock.instant());
            int queued = jdbc.update("INSERT INTO outbox (lead_id, crm, payload, attempts, next_attempt_at, created_at)"
                    + " VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING", row[0], row[1], row[2], now, now);
            if (queued == 0) {
                return Optional.of(Replay.NEWER_WRITE_QUEUED);
            }
            jdbc.update("UPDATE dead_letters SET replayed_at = ? WHERE id = ?", now, id);
            jdbc.update("DELETE FROM crm_writes WHERE lead_id = ? AND crm = ?", row[0], row[1]);
            return Optional.of(Replay.QUEUED);
        });
    }

    private static final String SELECT = "SELECT id, lead_id, crm, detail, attempts, created_at, replayed_at FROM dead_letters";

    private static DeadLetter row(ResultSet rs, int n) throws SQLException {
        Timestamp replayed = rs.getTimestamp(7);
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getTimestamp(6).toInstant(), replayed == null ? null : replayed.toInstant());
    }
}
