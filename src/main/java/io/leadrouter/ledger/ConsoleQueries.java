package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Aggregates the admin console's overview shows (leads per source per hour, decisions per rule, SLA events, time to
 * first touch) and the cheap fingerprint of the pull queues that tells open boards when to re-read them.
 */
public class ConsoleQueries {
    private static final int MAX_TOUCH_SAMPLES = 20_000;

    private final JdbcTemplate jdbc;

    public ConsoleQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Leads received from one source in one hour (the hour's start). */
    public record SourceHour(String sourceId, Instant hour, long leads) {
    }

    /** Decisions made by one rule with one outcome. */
    public record RuleOutcome(String ruleId, String outcome, long decisions) {
    }

    /** How many history events of one type (escalated, expired, …). */
    public record EventCount(String type, long events) {
    }

    public List<SourceHour> leadsPerSourcePerHour(Instant from) {
        return jdbc.query("SELECT source_id, FLOOR(EXTRACT(EPOCH FROM received_at) / 3600) AS hour_no, COUNT(*) FROM inbox"
                        + " WHERE received_at >= ? GROUP BY source_id, FLOOR(EXTRACT(EPOCH FROM received_at) / 3600)"
                        + " ORDER BY hour_no, source_id",
                (rs, i) -> new SourceHour(rs.getString(1), Instant.ofEpochSecond(rs.getLong(2) * 3600), rs.getLong(3)),
                Timestamp.from(from));
    }

    public List<RuleOutcome> decisionsPerRule(Instant from) {
        return jdbc.query("SELECT rule_id, outcome, COUNT(*) FROM lead_state WHERE decided_at >= ? AND outcome IS NOT NULL"
                        + " GROUP BY rule_id, outcome ORDER BY rule_id, outcome",
                (rs, i) -> new RuleOutcome(rs.getString(1), rs.getString(2), rs.getLong(3)), Timestamp.from(from));
    }

    public List<EventCount> eventsByType(Instant from, List<String> types) {
        List<EventCount> counts = new ArrayList<>();
        for (String type : types) {
            Long n = jdbc.queryForObject("SELECT COUNT(*) FROM lead_events WHERE type = ? AND at >= ?", Long.class, type,
                    Timestamp.from(from));
            counts.add(new EventCount(type, n == null ? 0 : n));
        }
        return counts;
    }

    /** Leads past their SLA deadline and still untouched right now. */
    public long overdueNow(Instant now) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE due_at IS NOT NULL AND deadline < ?"
                + " AND touched_at IS NULL AND status IN ('OFFERED', 'QUEUED', 'PARTNER_OFFERED', 'CLAIMED')", Long.class,
                Timestamp.from(now));
        return n == null ? 0 : n;
    }

    /** Submission-to-first-touch times of leads first touched since {@code from} (a bounded sample, newest first). */
    public List<Duration> timesToFirstTouch(Instant from) {
        return jdbc.query("SELECT submitted_at, touched_at FROM lead_state WHERE touched_at >= ? ORDER BY touched_at DESC"
                        + " FETCH FIRST " + MAX_TOUCH_SAMPLES + " ROWS ONLY",
                (rs, i) -> Duration.between(LeadLedger.instant(rs, 1), LeadLedger.instant(rs, 2)), Timestamp.from(from));
    }

    /**
     * Changes whenever a lead enters or leaves a pull queue or a partner offer, or one of them is updated: the count
     * and latest update of each. Both queries use the queue and due indexes.
     */
    public String boardFingerprint() {
        String queued = jdbc.queryForObject("SELECT COUNT(*) || '/' || COALESCE(CAST(MAX(updated_at) AS VARCHAR(40)), '-')"
                + " FROM lead_state WHERE queue_id IS NOT NULL AND status IN ('QUEUED', 'CLAIMED')", String.class);
        String offered = jdbc.queryForObject("SELECT COUNT(*) || '/' || COALESCE(CAST(MAX(updated_at) AS VARCHAR(40)), '-')"
                + " FROM lead_state WHERE due_at IS NOT NULL AND status = 'PARTNER_OFFERED'", String.class);
        return queued + "|" + offered;
    }
}
