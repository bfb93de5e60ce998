package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides pending leads in batches: claims them (SKIP LOCKED), locks the round-robin cursors, and writes
 * decisions, cursor positions and outbox rows in the same transaction that removes them from the queue.
 */
public class Decisions {

    /** Decides a claimed batch; {@code cursors} maps team id → last assigned rep and must be updated per assignment. */
    @FunctionalInterface
    public interface BatchDecider {
        List<DecisionRecord> decide(List<PendingLead> batch, Map<String, String> cursors);
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Decisions(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = tx;
        this.clock = clock;
    }

    /** Decides up to {@code max} pending leads in one transaction; returns how many were decided (0 = queue empty). */
    public int decideNext(int max, Set<String> teamIds, BatchDecider decider) {
        Integer done = tx.execute(status -> {
            List<PendingLead> batch = claim(max);
            if (batch.isEmpty()) {
                return 0;
            }
            Map<String, String> cursors = lockCursors(teamIds);
            List<DecisionRecord> records = decider.decide(batch, cursors);
            write(records, cursors);
            named.update("DELETE FROM inbox_pending WHERE lead_id IN (:ids)",
                    new MapSqlParameterSource("ids", batch.stream().map(PendingLead::leadId).toList()));
            return batch.size();
        });
        return done == null ? 0 : done;
    }

    private List<PendingLead> claim(int max) {
        List<String> ids = jdbc.queryForList(
                "SELECT lead_id FROM inbox_pending ORDER BY lead_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                String.class, max);
        if (ids.isEmpty()) {
            return List.of();
        }
        return named.query(
                "SELECT lead_id, source_id, lead_json, received_at FROM inbox WHERE lead_id IN (:ids) ORDER BY lead_id",
                new MapSqlParameterSource("ids", ids),
                (rs, i) -> new PendingLead(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
    }

    private Map<String, String> lockCursors(Set<String> teamIds) {
        Set<String> sorted = new TreeSet<>(teamIds);
        if (sorted.isEmpty()) {
            return Map.of();
        }
        jdbc.batchUpdate("INSERT INTO round_robin_cursor (team_id, last_rep_id, turns) VALUES (?, NULL, 0) ON CONFLICT DO NOTHING",
                sorted.stream().map(t -> new Object[] {t}).toList());
        Map<String, String> cursors = new HashMap<>();
        named.query("SELECT team_id, last_rep_id FROM round_robin_cursor WHERE team_id IN (:teams) ORDER BY team_id FOR UPDATE",
                new MapSqlParameterSource("teams", sorted),
                rs -> {
                    if (rs.getString(2) != null) {
                        cursors.put(rs.getString(1), rs.getString(2));
                    }
                });
        return cursors;
    }

    private void write(List<DecisionRecord> records, Map<String, String> cursors) {
        jdbc.batchUpdate("INSERT INTO decisions (lead_id, outcome, rule_id, team_id, rep_id, decision_json, decided_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                records.stream().map(r -> new Object[] {r.leadId(), r.outcome(), r.ruleId(), r.teamId(), r.repId(),
                        r.decisionJson(), Timestamp.from(r.decidedAt())}).toList());
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> outbox = new ArrayList<>();
        for (DecisionRecord r : records) {
            if (r.crm() != null) {
                outbox.add(new Object[] {r.leadId(), r.crm(), r.crmPayloadJson(), now, now});
            }
        }
        jdbc.batchUpdate("INSERT INTO outbox (lead_id, crm, payload, attempts, next_attempt_at, created_at)"
                + " VALUES (?, ?, ?, 0, ?, ?)", outbox);
        Map<String, Long> turns = new HashMap<>();
        records.stream().filter(r -> r.teamId() != null && r.repId() != null)
                .forEach(r -> turns.merge(r.teamId(), 1L, Long::sum));
        List<Object[]> moved = new ArrayList<>();
        turns.forEach((team, n) -> moved.add(new Object[] {cursors.get(team), n, team}));
        jdbc.batchUpdate("UPDATE round_robin_cursor SET last_rep_id = ?, turns = turns + ? WHERE team_id = ?", moved);
    }
}
