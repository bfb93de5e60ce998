package io.leadrouter.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal data of leads received longer ago than the retention period, in batches claimed with
 * {@code FOR UPDATE SKIP LOCKED} (any number of replicas may run it at once; each row is erased by one of them).
 * Erased: the raw submission (bytes and headers), the lead's email, phone, names, city, postal code, message and
 * attributes (and the inbox's email and phone columns, so same-person dedupe no longer finds it), its dead letters' CRM
 * payloads, its notifications' texts, CRM error details, and the messages of kept rejections (which quote what was submitted). Kept: every id, the lead's source, company,
 * title, country and region, its state, decisions with their traces, history, counters and the fairness ledger — so
 * statistics and the lead's life stay. A lead still in flight (not yet decided, a CRM write or a timer pending) waits
 * until it is settled.
 */
public class PersonalDataRetention {
    /** The canonical lead fields that identify a person. */
    static final Set<String> PERSONAL_FIELDS = Set.of("email", "phone", "firstName", "lastName", "city", "postalCode",
            "message", "attributes");
    static final String ERASED = "(erased after the retention period)";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public PersonalDataRetention(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = tx;
        this.clock = clock;
    }

    /** What one batch erased. */
    public record Erased(int leads, int submissions, int rejections) {
        public int total() {
            return leads + submissions + rejections;
        }
    }

    /** Erases up to {@code max} leads, submissions and rejections each, received before now minus {@code keep}. */
    public Erased eraseBatch(Duration keep, int max) {
        Instant now = clock.instant();
        Timestamp cutoff = Timestamp.from(now.minus(keep));
        Timestamp at = Timestamp.from(now);
        Integer leads = tx.execute(status -> eraseLeads(cutoff, at, max));
        Integer submissions = tx.execute(status -> eraseSubmissions(cutoff, at, max));
        Integer rejections = tx.execute(status -> eraseRejections(cutoff, at, max));
        return new Erased(leads == null ? 0 : leads, submissions == null ? 0 : submissions, rejections == null ? 0 : rejections);
    }

    private int eraseLeads(Timestamp cutoff, Timestamp at, int max) {
        List<String[]> due = jdbc.query("SELECT i.lead_id, i.lead_json FROM inbox i WHERE i.received_at < ? AND i.erased_at IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM inbox_pending p WHERE p.lead_id = i.lead_id)"
                        + " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.lead_id = i.lead_id)"
                        + " AND NOT EXISTS (SELECT 1 FROM lead_state s WHERE s.lead_id = i.lead_id AND s.status <> 'DONE'"
                        + " AND (s.due_at IS NOT NULL OR s.claim_expires_at IS NOT NULL OR s.deadline IS NOT NULL))"
                        + " ORDER BY i.lead_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, cutoff, max);
        if (due.isEmpty()) {
            return 0;
        }
        List<Object[]> updates = new ArrayList<>(due.size());
        List<String> ids = new ArrayList<>(due.size());
        for (String[] row : due) {
            updates.add(new Object[] {erasedLead(row[1]), at, row[0]});
            ids.add(row[0]);
        }
        // a submission kept inline loses its bytes and headers; raw_headers stays non-null to say where it was
        jdbc.batchUpdate("UPDATE inbox SET payload = '{}', lead_json = ?, email = NULL, phone = NULL, raw_body = NULL,"
                + " raw_headers = CASE WHEN raw_headers IS NULL THEN NULL ELSE '{}' END, erased_at = ? WHERE lead_id = ?", updates);
        MapSqlParameterSource leadIds = new MapSqlParameterSource("ids", ids).addValue("erased", ERASED);
        named.update("UPDATE dead_letters SET payload = '{}' WHERE lead_id IN (:ids)", leadIds);
        named.update("UPDATE notifications SET subject = :erased, body = :erased WHERE lead_id IN (:ids)", leadIds);
        named.update("UPDATE crm_writes SET detail = NULL WHERE lead_id IN (:ids)", leadIds);
        return due.size();
    }

    private int eraseSubmissions(Timestamp cutoff, Timestamp at, int max) {
        List<String> due = jdbc.queryForList("SELECT s.submission_id FROM submissions s WHERE s.received_at < ?"
                        + " AND s.erased_at IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM submission_pending p WHERE p.submission_id = s.submission_id)"
                        + " ORDER BY s.submission_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                String.class, cutoff, max);
        if (due.isEmpty()) {
            return 0;
        }
        named.update("UPDATE submissions SET body = :body, headers = '{}', erased_at = :at WHERE submission_id IN (:ids)",
                new MapSqlParameterSource("ids", due).addValue("body", new byte[0]).addValue("at", at));
        return due.size();
    }

    private int eraseRejections(Timestamp cutoff, Timestamp at, int max) {
        List<String[]> due = jdbc.query("SELECT rejection_id, reasons FROM rejections WHERE rejected_at < ? AND erased_at IS NULL"
                        + " ORDER BY rejection_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, cutoff, max);
        if (due.isEmpty()) {
            return 0;
        }
        List<Object[]> updates = new ArrayList<>(due.size());
        for (String[] row : due) {
            updates.add(new Object[] {erasedReasons(row[1]), at, row[0]});
        }
        jdbc.batchUpdate("UPDATE rejections SET reasons = ?, erased_at = ? WHERE rejection_id = ?", updates);
        return due.size();
    }

    /** The lead's JSON without the fields that identify a person, marked {@code "erased": true}. */
    String erasedLead(String leadJson) {
        try {
            JsonNode node = json.readTree(leadJson);
            ObjectNode erased = node instanceof ObjectNode object ? object : json.createObjectNode();
            erased.remove(PERSONAL_FIELDS);
            erased.put("erased", true);
            return json.writeValueAsString(erased);
        } catch (JsonProcessingException e) {
            return "{\"erased\":true}";
        }
    }

    /** The rejection's reasons with their fields kept (what was wrong stays countable) and their messages erased. */
    String erasedReasons(String reasonsJson) {
        ArrayNode erased = json.createArrayNode();
        try {
            for (JsonNode reason : json.readTree(reasonsJson)) {
                erased.addObject().put("field", reason.path("field").asText("body")).put("message", ERASED);
            }
        } catch (JsonProcessingException e) {
            erased.addObject().put("field", "body").put("message", ERASED);
        }
        return erased.toString();
    }

    /** Whether a stored lead's JSON is an erased one (its personal data is gone; it can no longer be routed). */
    public static boolean isErased(String leadJson) {
        return leadJson != null && leadJson.contains("\"erased\":true");
    }
}
