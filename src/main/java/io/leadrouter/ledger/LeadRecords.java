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
    private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named;

    public LeadRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc);
    }

    public Optional<LeadRecord> find(String leadId) {
        List<LeadRecord> found = jdbc.query(
                // a lead's submission: its submissions row, or kept inline on the lead's row (id = the lead's id)
                "SELECT i.lead_id, i.source_id, i.received_at, i.payload, i.lead_json, s.decision_json,"
                        + " COALESCE(i.submission_id, CASE WHEN i.raw_headers IS NOT NULL THEN i.lead_id END),"
                        + " COALESCE(sub.content_type, i.content_type), COALESCE(OCTET_LENGTH(sub.body), OCTET_LENGTH(i.raw_body), 0),"
                        + " i.event_index, i.test, i.merged_into, CASE WHEN i.payload IS NULL THEN COALESCE(sub.body, i.raw_body) END"
                        + " FROM inbox i LEFT JOIN lead_state s ON s.lead_id = i.lead_id"
                        + " LEFT JOIN submissions sub ON sub.submission_id = i.submission_id WHERE i.lead_id = ?",
                (rs, n) -> new LeadRecord(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6), List.of(),
                        rs.getString(7) == null ? null : new LeadRecord.SubmissionInfo(rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10),
                                rs.getBytes(13)),
                        rs.getBoolean(11), rs.getString(12)),
                leadId);
        return found.stream().findFirst().map(r -> new LeadRecord(r.leadId(), r.sourceId(), r.receivedAt(),
                r.payloadJson(), r.leadJson(), r.decisionJson(), crmWrites(leadId), r.submission(), r.test(), r.mergedInto()));
    }

    /** One row of a lead search: ids, status and the canonical lead JSON. */
    public record FoundLead(String leadId, String sourceId, String status, Instant receivedAt, String leadJson) {
    }

    /** The status a lead shows: TEST and MERGED leads are never routed; RECEIVED until the first decision. */
    static final String STATUS = "CASE WHEN i.test THEN 'TEST' WHEN i.merged_into IS NOT NULL THEN 'MERGED'"
            + " ELSE COALESCE(s.status, 'RECEIVED') END";

    /** Leads newest first, filtered by source, email (exact, case-insensitive) and status; any filter may be null. */
    public List<FoundLead> search(String sourceId, String email, String status, int limit) {
        return search(sourceId, email, status, null, null, null, null, limit);
    }

    /** As above, also by the rep holding the lead, its queue, and when it was received ({@code from} ≤ t < {@code to}). */
    public List<FoundLead> search(String sourceId, String email, String status, String repId, String queueId, Instant from,
            Instant to, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT i.lead_id, i.source_id, " + STATUS + ", i.received_at, i.lead_json"
                + " FROM inbox i LEFT JOIN lead_state s ON s.lead_id = i.lead_id WHERE 1 = 1");
        if (sourceId != null) {
            sql.append(" AND i.source_id = ?");
            args.add(sourceId);
        }
        if (email != null) {
            sql.append(" AND i.email = ?");
            args.add(email.strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (status != null) {
            sql.append(" AND ").append(STATUS).append(" = ?");
            args.add(status);
        }
        if (repId != null) {
            sql.append(" AND s.rep_id = ?");
            args.add(repId);
        }
        if (queueId != null) {
            sql.append(" AND s.queue_id = ?");
            args.add(queueId);
        }
        if (from != null) {
            sql.append(" AND i.received_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND i.received_at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" ORDER BY i.lead_id DESC FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> new FoundLead(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                rs.getString(5)), args.toArray());
    }

    /** The lead a CRM record was written from ({@code crm}: salesforce, hubspot), if we wrote it. */
    public Optional<String> leadIdByCrmRecord(String crm, String recordId) {
        return jdbc.queryForList("SELECT lead_id FROM crm_writes WHERE crm = ? AND record_id = ? ORDER BY lead_id DESC FETCH FIRST 1 ROWS ONLY",
                String.class, crm, recordId).stream().findFirst();
    }

    /** The rep lead {@code leadId} is assigned to or claimed by now, if any. */
    public Optional<String> repOf(String leadId) {
        return jdbc.queryForList("SELECT rep_id FROM lead_state WHERE lead_id = ? AND rep_id IS NOT NULL", String.class, leadId)
                .stream().findFirst();
    }

    /** Whether lead {@code leadId} exists. */
    public boolean exists(String leadId) {
        return !jdbc.queryForList("SELECT lead_id FROM inbox WHERE lead_id = ?", String.class, leadId).isEmpty();
    }

    /** A stored lead for replays: source, canonical lead JSON and when it was received. */
    public record StoredLead(String leadId, String sourceId, String leadJson, Instant receivedAt) {
    }

    /** Leads received in {@code [from, to)}, oldest first, at most {@code limit}; leads whose personal data was erased are left out. */
    public List<StoredLead> receivedBetween(Instant from, Instant to, int limit) {
        return jdbc.query("SELECT lead_id, source_id, lead_json, received_at FROM inbox WHERE received_at >= ? AND received_at < ?"
                        + " AND erased_at IS NULL"
                        + " ORDER BY lead_id FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new StoredLead(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)),
                Timestamp.from(from), Timestamp.from(to), limit);
    }

    /** Lead id → stored canonical lead JSON, for lists. */
    public Map<String, String> leadJson(List<String> leadIds) {
        Map<String, String> found = new java.util.HashMap<>();
        for (int from = 0; from < leadIds.size(); from += 500) {
            named.query(
                    "SELECT lead_id, source_id, lead_json FROM inbox WHERE lead_id IN (:ids)",
                    new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("ids",
                            leadIds.subList(from, Math.min(leadIds.size(), from + 500))),
                    rs -> {
                        found.put(rs.getString(1), rs.getString(3));
                    });
        }
        return found;
    }

    /**
     * The lead's history, oldest first: its events and its decisions, earlier ones from decision_log and the current
     * one from lead_state (each decision is the event of that decision, typed by its outcome, with its summary as reason). At the same instant events come
     * first: an escalation or rejection precedes the decision it caused.
     */
    public List<LedgerWrite.EventRow> history(String leadId) {
        List<LedgerWrite.EventRow> events = new ArrayList<>(jdbc.query(
                "SELECT lead_id, at, type, actor, reason FROM lead_events WHERE lead_id = ? ORDER BY id",
                (rs, n) -> new LedgerWrite.EventRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), leadId));
        List<LedgerWrite.EventRow> decisions = new ArrayList<>(jdbc.query(
                "SELECT lead_id, decided_at, outcome, decision_json FROM decision_log WHERE lead_id = ? ORDER BY id",
                (rs, n) -> decisionEvent(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4)), leadId));
        decisions.addAll(jdbc.query(
                "SELECT lead_id, decided_at, outcome, decision_json FROM lead_state WHERE lead_id = ? AND decision_json IS NOT NULL",
                (rs, n) -> decisionEvent(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4)), leadId));
        List<LedgerWrite.EventRow> merged = new ArrayList<>(events.size() + decisions.size());
        int e = 0;
        int d = 0;
        while (e < events.size() || d < decisions.size()) {
            if (d == decisions.size() || e < events.size() && !events.get(e).at().isAfter(decisions.get(d).at())) {
                merged.add(events.get(e++));
            } else {
                merged.add(decisions.get(d++));
            }
        }
        return merged;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static LedgerWrite.EventRow decisionEvent(String leadId, Instant at, String outcome, String decisionJson) {
        String summary = "";
        boolean partner = false;
        try {
            com.fasterxml.jackson.databind.JsonNode d = JSON.readTree(decisionJson);
            summary = d.path("trace").path("summary").asText(d.path("reason").asText(""));
            partner = d.path("partner").asBoolean(false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            summary = "(decision unreadable)";
        }
        String type = switch (outcome) {
            case "ASSIGN" -> "assigned";
            case "ENQUEUE" -> "queued";
            case "OFFER" -> partner ? "offered-to-partner" : "offered";
            default -> "held";
        };
        return new LedgerWrite.EventRow(leadId, at, type, "engine", summary);
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
