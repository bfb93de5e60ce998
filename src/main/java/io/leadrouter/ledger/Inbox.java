package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Commits batches of submissions to the inbox idempotently: one transaction, one key per lead, ever. */
public class Inbox {
    private static final int IN_CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Inbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = tx;
        this.clock = clock;
    }

    /** Stores every submission not seen before and returns a receipt per submission, in order. Durable on return. */
    public List<Receipt> store(List<Submission> submissions) {
        return tx.execute(status -> storeInTransaction(submissions));
    }

    private List<Receipt> storeInTransaction(List<Submission> submissions) {
        Map<String, String> known = existingLeadIds(submissions.stream().map(Submission::idempotencyKey).distinct().toList());
        Map<String, Submission> fresh = new LinkedHashMap<>();
        Map<String, String> freshIds = new HashMap<>();
        long now = clock.millis();
        for (Submission s : submissions) {
            if (!known.containsKey(s.idempotencyKey()) && !fresh.containsKey(s.idempotencyKey())) {
                fresh.put(s.idempotencyKey(), s);
                freshIds.put(s.idempotencyKey(), LeadIds.next(now));
            }
        }
        Set<String> inserted = insertFresh(fresh, freshIds, Timestamp.from(Instant.ofEpochMilli(now)));
        List<String> lostRace = fresh.keySet().stream().filter(k -> !inserted.contains(freshIds.get(k))).toList();
        if (!lostRace.isEmpty()) {
            known.putAll(existingLeadIds(lostRace));
            lostRace.forEach(freshIds::remove);
        }
        List<Receipt> receipts = new ArrayList<>(submissions.size());
        Set<String> handedOut = new HashSet<>();
        for (Submission s : submissions) {
            String key = s.idempotencyKey();
            String freshId = freshIds.get(key);
            if (freshId != null && handedOut.add(key)) {
                receipts.add(new Receipt(freshId, false));
            } else {
                receipts.add(new Receipt(freshId != null ? freshId : known.get(key), true));
            }
        }
        return receipts;
    }

    private Set<String> insertFresh(Map<String, Submission> fresh, Map<String, String> ids, Timestamp receivedAt) {
        if (fresh.isEmpty()) {
            return Set.of();
        }
        List<Object[]> rows = new ArrayList<>(fresh.size());
        List<String> order = new ArrayList<>(fresh.size());
        for (Submission s : fresh.values()) {
            String leadId = ids.get(s.idempotencyKey());
            order.add(leadId);
            rows.add(new Object[] {leadId, s.sourceId(), s.idempotencyKey(), s.contentType(), s.payloadJson(), s.leadJson(), receivedAt});
        }
        int[] counts = jdbc.batchUpdate(
                "INSERT INTO inbox (lead_id, source_id, idem_key, content_type, payload, lead_json, received_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows);
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                inserted.add(order.get(i));
            }
        }
        jdbc.batchUpdate("INSERT INTO inbox_pending (lead_id) VALUES (?)",
                inserted.stream().map(id -> new Object[] {id}).toList());
        return inserted;
    }

    private Map<String, String> existingLeadIds(List<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            named.query("SELECT idem_key, lead_id FROM inbox WHERE idem_key IN (:keys)",
                    new MapSqlParameterSource("keys", chunk),
                    rs -> {
                        found.put(rs.getString(1), rs.getString(2));
                    });
        }
        return found;
    }
}
