package io.leadrouter.ledger;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Who changed what, when: every admin change to volatile state (availability, capacity, tokens). Append-only. */
public class AuditLog {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One audited change. */
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {
    }

    public void record(String actor, String action, String target, String detail) {
        jdbc.update("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()), actor, action, target, detail.length() > 4000 ? detail.substring(0, 4000) : detail);
    }

    /** The latest entries, newest first; {@code target} filters when not null. */
    public List<Entry> latest(String target, int limit) {
        String where = target == null ? "" : " WHERE target = ?";
        Object[] args = target == null ? new Object[] {limit} : new Object[] {target, limit};
        return jdbc.query("SELECT id, at, actor, action, target, detail FROM audit_log" + where
                        + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new Entry(rs.getLong(1), LeadLedger.instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), args);
    }
}
