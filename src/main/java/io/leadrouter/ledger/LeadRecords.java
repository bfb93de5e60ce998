package io.leadrouter.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads a lead's full story from the ledger: submission, canonical lead, decision and CRM write results. */
public class LeadRecords {
    private final JdbcTemplate jdbc;

    public LeadRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<LeadRecord> find(String leadId) {
        List<LeadRecord> found = jdbc.query(
                "SELECT i.lead_id, i.source_id, i.received_at, i.payload, i.lead_json,"
                        + " (SELECT d.decision_json FROM decision_log d WHERE d.lead_id = i.lead_id ORDER BY d.id DESC FETCH FIRST 1 ROWS ONLY)"
                        + " FROM inbox i WHERE i.lead_id = ?",
                (rs, n) -> new LeadRecord(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6), List.of()),
                leadId);
        return found.stream().findFirst().map(r -> new LeadRecord(r.leadId(), r.sourceId(), r.receivedAt(),
                r.payloadJson(), r.leadJson(), r.decisionJson(), crmWrites(leadId)));
    }

    /** A stored lead for replays: source, canonical lead JSON and when it was received. */
    public record StoredLead(String leadId, String sourceId, String leadJson, Instant receivedAt) {
    }

    /** Leads received in {@code [from, to)}, oldest first, at most {@code limit}. */
    public List<StoredLead> receivedBetween(Instant from, Instant to, int limit) {
        return jdbc.query("SELECT lead_id, source_id, lead_json, received_at FROM inbox WHERE received_at >= ? AND received_at < ?"
                        + " ORDER BY lead_id FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new StoredLead(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)),
                Timestamp.from(from), Timestamp.from(to), limit);
    }

    /** Lead id → stored canonical lead JSON, for lists. */
    public Map<String, String> leadJson(List<String> leadIds) {
        Map<String, String> found = new java.util.HashMap<>();
        for (int from = 0; from < leadIds.size(); from += 500) {
            new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc).query(
                    "SELECT lead_id, source_id, lead_json FROM inbox WHERE lead_id IN (:ids)",
                    new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("ids",
                            leadIds.subList(from, Math.min(leadIds.size(), from + 500))),
                    rs -> {
                        found.put(rs.getString(1), rs.getString(3));
                    });
        }
        return found;
    }

    /** The lead's history, oldest first. */
    public List<LedgerWrite.EventRow> history(String leadId) {
        return jdbc.query("SELECT lead_id, at, type, actor, reason FROM lead_events WHERE lead_id = ? ORDER BY id",
                (rs, n) -> new LedgerWrite.EventRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), leadId);
    }

    /** How many leads each rep of each team holds or held (assigned, offered, claimed, done): team id → rep id → count. */
    public Map<String, Map<String, Long>> assignmentCounts() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc.query("SELECT team_id, rep_id, COUNT(*) FROM lead_state WHERE status IN ('ASSIGNED', 'OFFERED', 'CLAIMED', 'DONE')"
                        + " AND rep_id IS NOT NULL AND team_id IS NOT NULL GROUP BY team_id, rep_id",
                rs -> {
                    counts.computeIfAbsent(rs.getString(1), t -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        return counts;
    }

    private List<CrmWriteStatus> crmWrites(String leadId) {
        List<CrmWriteStatus> writes = new ArrayList<>(jdbc.query(
                "SELECT crm, status, record_id, attempts, detail, written_at FROM crm_writes WHERE lead_id = ? ORDER BY crm",
                (rs, n) -> new CrmWriteStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), instant(rs, 6)),
                leadId));
        writes.addAll(jdbc.query(
                "SELECT crm, attempts, last_error, next_attempt_at FROM outbox WHERE lead_id = ? ORDER BY crm",
                (rs, n) -> new CrmWriteStatus(rs.getString(1), "PENDING", null, rs.getInt(2), rs.getString(3),
                        instant(rs, 4)),
                leadId));
        return writes;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
