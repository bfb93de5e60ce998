package io.leadrouter.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The raw-first inbox: commits submissions (exact bytes) idempotently, and the leads and kept rejections they
 * become — in the same transaction for web forms, later for webhooks and mail ({@link #mapPending}). One key per
 * submission and one per vendor event, ever.
 */
public class Inbox {
    private static final int IN_CHUNK = 500;
    private static final List<String> SUBMISSION_COLUMNS = List.of("submission_id", "source_id", "idem_key", "content_type",
            "headers", "body", "received_at");
    private static final List<String> LEAD_COLUMNS = List.of("lead_id", "source_id", "idem_key", "content_type", "payload",
            "lead_json", "received_at", "submission_id", "event_index", "test", "email", "phone", "raw_headers", "raw_body");

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    /** Key lookups in the growing submissions and inbox tables, planned for each execution (see QueueTables). */
    private final NamedParameterJdbcTemplate lookups;
    private final QueueTables queue;
    private final TransactionTemplate tx;
    private final Clock clock;

    private final Duration firstRetry;
    private volatile Listener listener = (sourceId, leads, rejectionReasons) -> { };

    /** Told, after each commit, what a source's submissions became: new leads and kept rejections (their reasons JSON). */
    @FunctionalInterface
    public interface Listener {
        void stored(String sourceId, int leads, List<String> rejectionReasonsJson);
    }

    /** From now on {@code listener} hears of every committed lead and kept rejection (metrics). */
    public void listen(Listener listener) {
        this.listener = listener;
    }

    public Inbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this(jdbc, tx, clock, Duration.ofSeconds(30));
    }

    /** {@code firstRetry}: how long a submission whose vendor API is down waits first (doubling, at most 4 h). */
    public Inbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Duration firstRetry) {
        this.firstRetry = firstRetry;
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.lookups = new NamedParameterJdbcTemplate(QueueTables.planningEachTime(jdbc));
        this.queue = new QueueTables(jdbc);
        this.tx = tx;
        this.clock = clock;
    }

    /** Stores every submission not seen before and returns a receipt per submission, in order. Durable on return. */
    public List<Receipt> store(List<Submission> submissions) {
        return tx.execute(status -> storeInTransaction(submissions));
    }

    private List<Receipt> storeInTransaction(List<Submission> submissions) {
        Map<String, Submission> fresh = new LinkedHashMap<>();
        Map<String, String> freshIds = new HashMap<>();
        long now = clock.millis();
        for (Submission s : submissions) {
            if (!fresh.containsKey(s.idempotencyKey())) {
                fresh.put(s.idempotencyKey(), s);
                freshIds.put(s.idempotencyKey(), LeadIds.next(now));
            }
        }
        Timestamp receivedAt = Timestamp.from(Instant.ofEpochMilli(now));
        Map<String, Submission> kept = new LinkedHashMap<>();
        Map<String, Submission> inline = new LinkedHashMap<>();
        fresh.forEach((key, s) -> (isInline(s) ? inline : kept).put(key, s));
        // An idempotency key names one submission whichever table holds it: a submissions row (key -> its id in known)
        // or a lead that keeps its submission inline (key -> that lead in knownLeads).
        Map<String, String> known = new HashMap<>();
        Map<String, String> knownLeads = new HashMap<>();
        if (!inline.isEmpty()) {
            existingSubmissions(new ArrayList<>(inline.keySet())).forEach((key, first) -> {
                known.put(key, first);
                freshIds.remove(key);
                inline.remove(key);
            });
        }
        List<String> mappedKept = kept.values().stream().filter(s -> !s.deferred()).map(Submission::idempotencyKey).toList();
        if (!mappedKept.isEmpty()) {
            inlineLeads(mappedKept).forEach((key, lead) -> {
                knownLeads.put(key, lead);
                freshIds.remove(key);
                kept.remove(key);
            });
        }
        // Inserted first, looked up after: a key stored earlier (a repeat) or by a concurrent commit (a race) keeps its
        // first submission, and the lookup names it.
        List<String> unsure = insertSubmissions(kept, freshIds, receivedAt);
        if (!unsure.isEmpty()) {
            Map<String, String> stored = existingSubmissions(unsure);
            for (String key : unsure) {
                String first = stored.get(key);
                if (first == null) {
                    throw new IllegalStateException("submission key " + key + " was neither inserted nor found");
                }
                if (!first.equals(freshIds.get(key))) {
                    known.put(key, first);
                    freshIds.remove(key);
                }
            }
        }
        Map<String, Outcome> outcomes = new HashMap<>();
        List<Submission> deferred = new ArrayList<>();
        List<EventBatch> mapped = new ArrayList<>();
        for (Map.Entry<String, Submission> entry : fresh.entrySet()) {
            String id = freshIds.get(entry.getKey());
            if (id == null) {
                continue;
            }
            if (entry.getValue().deferred()) {
                deferred.add(entry.getValue());
                outcomes.put(id, new Outcome(List.of(), List.of()));
            } else {
                mapped.add(new EventBatch(id, entry.getValue(), receivedAt, inline.containsKey(entry.getKey())));
            }
        }
        jdbc.batchUpdate("INSERT INTO submission_pending (submission_id) VALUES (?)",
                deferred.stream().map(s -> new Object[] {freshIds.get(s.idempotencyKey())}).toList());
        outcomes.putAll(storeEvents(mapped, true));
        for (EventBatch batch : mapped) {
            List<String> leads = outcomes.get(batch.submissionId()).leadIds();
            if (batch.inline() && !leads.equals(List.of(batch.submissionId()))) {
                // its key was already held by an inline lead (a repeat, or a concurrent commit that won)
                if (leads.isEmpty()) {
                    throw new IllegalStateException("lead key " + batch.submission().idempotencyKey() + " was neither inserted nor found");
                }
                knownLeads.put(batch.submission().idempotencyKey(), leads.get(0));
                freshIds.remove(batch.submission().idempotencyKey());
            }
        }
        Map<String, Outcome> earlier = outcomesOf(new ArrayList<>(new HashSet<>(known.values())));
        List<Receipt> receipts = new ArrayList<>(submissions.size());
        Set<String> handedOut = new HashSet<>();
        for (Submission s : submissions) {
            String key = s.idempotencyKey();
            String freshId = freshIds.get(key);
            if (freshId != null && handedOut.add(key)) {
                Outcome o = outcomes.get(freshId);
                receipts.add(new Receipt(freshId, false, o.leadIds(), o.rejectionIds()));
            } else if (knownLeads.containsKey(key)) {
                String lead = knownLeads.get(key);
                receipts.add(new Receipt(lead, true, List.of(lead), List.of()));
            } else {
                String id = freshId != null ? freshId : known.get(key);
                Outcome o = outcomes.containsKey(id) ? outcomes.get(id) : earlier.getOrDefault(id, new Outcome(List.of(), List.of()));
                receipts.add(new Receipt(id, true, o.leadIds(), o.rejectionIds()));
            }
        }
        return receipts;
    }

    /**
     * A web-form post that maps to exactly one lead (no vendor event key, not a test) keeps its raw submission on that
     * lead's inbox row: the lead id is then its submission id, and the lead's key (the submission's key) guards both.
     */
    private static boolean isInline(Submission s) {
        return !s.deferred() && s.events().size() == 1 && s.events().get(0) instanceof SubmissionEvent.MappedLead lead
                && lead.index() == 0 && lead.idempotencyKey() == null && !lead.test();
    }

    /** What mapping made of one submission: created leads and kept rejections. */
    private record Outcome(List<String> leadIds, List<String> rejectionIds) {
    }

    /** {@code inline}: the submission is kept on its one lead's row, whose id is {@code submissionId} (see isInline). */
    private record EventBatch(String submissionId, Submission submission, Timestamp receivedAt, boolean inline) {
        String sourceId() {
            return submission.sourceId();
        }
    }

    /**
     * Inserts {@code fresh} (ON CONFLICT DO NOTHING) and returns the keys that may not have been inserted: those the
     * database skipped (or did not report; see QueueTables.insertSkippingConflicts). Those keys are looked up: the
     * stored id says which won.
     */
    private List<String> insertSubmissions(Map<String, Submission> fresh, Map<String, String> ids, Timestamp receivedAt) {
        if (fresh.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>(fresh.size());
        for (Submission s : fresh.values()) {
            rows.add(new Object[] {ids.get(s.idempotencyKey()), s.sourceId(), s.idempotencyKey(), s.contentType(), s.headersJson(), s.body(), receivedAt});
        }
        Boolean[] inserted = queue.insertSkippingConflicts("submissions", SUBMISSION_COLUMNS, 0, rows);
        List<String> keys = new ArrayList<>(fresh.keySet());
        List<String> unsure = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            if (!Boolean.TRUE.equals(inserted[i])) {
                unsure.add(keys.get(i));
            }
        }
        return unsure;
    }

    /**
     * Stores the leads and rejections mapped from each submission. A lead whose event key was stored before (a vendor
     * sending one event in two batches) is not stored again; the earlier lead is reported instead.
     */
    private Map<String, Outcome> storeEvents(List<EventBatch> batches, boolean newSubmissions) {
        Map<String, Outcome> outcomes = new HashMap<>();
        if (batches.isEmpty()) {
            return outcomes;
        }
        long now = clock.millis();
        List<Object[]> leadRows = new ArrayList<>();
        List<String[]> leadOwners = new ArrayList<>();
        List<Boolean> leadTest = new ArrayList<>();
        List<Boolean> keyMayRepeat = new ArrayList<>();
        List<Object[]> rejectionRows = new ArrayList<>();
        List<Object[]> feedbackRows = new ArrayList<>();
        List<Object[]> feedbackActions = new ArrayList<>();
        Map<String, List<String>> leadIds = new HashMap<>();
        Map<String, List<String>> rejectionIds = new HashMap<>();
        for (EventBatch batch : batches) {
            leadIds.put(batch.submissionId(), new ArrayList<>());
            rejectionIds.put(batch.submissionId(), new ArrayList<>());
            for (SubmissionEvent event : batch.submission().events()) {
                if (event instanceof SubmissionEvent.MappedLead lead) {
                    String leadId = batch.inline() ? batch.submissionId() : LeadIds.next(now);
                    String key = lead.idempotencyKey() != null ? batch.sourceId() + ":e:" + lead.idempotencyKey()
                            : lead.index() == 0 ? batch.submission().idempotencyKey()
                            : batch.submission().idempotencyKey() + "#" + lead.index();
                    leadRows.add(new Object[] {leadId, batch.sourceId(), key, batch.submission().contentType(), lead.payloadJson(),
                            lead.leadJson(), batch.receivedAt(), batch.inline() ? null : batch.submissionId(), lead.index(), lead.test(),
                            lead.email(), lead.phone(), batch.inline() ? batch.submission().headersJson() : null,
                            batch.inline() ? batch.submission().body() : null});
                    leadOwners.add(new String[] {batch.submissionId(), leadId, key});
                    leadTest.add(lead.test());
                    keyMayRepeat.add(lead.idempotencyKey() != null || !newSubmissions || batch.inline());
                } else if (event instanceof SubmissionEvent.Unmapped unmapped) {
                    String rejectionId = LeadIds.next(now);
                    rejectionRows.add(new Object[] {rejectionId, batch.submissionId(), batch.sourceId(), unmapped.index(),
                            unmapped.reasonsJson(), Timestamp.from(Instant.ofEpochMilli(now))});
                    rejectionIds.get(batch.submissionId()).add(rejectionId);
                } else if (event instanceof SubmissionEvent.Feedback feedback) {
                    feedbackActions.add(new Object[] {feedback.leadId(), feedback.actor(), feedback.type(), feedback.crmUser(),
                            Timestamp.from(Instant.ofEpochMilli(now))});
                    feedbackRows.add(new Object[] {feedback.leadId(), Timestamp.from(Instant.ofEpochMilli(now)), feedback.type(),
                            feedback.actor(), feedback.reason().length() > 4000 ? feedback.reason().substring(0, 4000) : feedback.reason()});
                }
            }
        }
        Boolean[] reported = queue.insertSkippingConflicts("inbox", LEAD_COLUMNS, 0, leadRows);
        // A row the database skipped, or did not report, is looked up when its key can have been stored before: a
        // vendor's event key, any key of a submission stored earlier (mapped after its acknowledgement, or replayed), or
        // the key of an inline submission (no submissions row guards it). A key derived from a submission inserted in
        // this transaction (its own key, or that key + "#" + the event's index) cannot be held by any other row.
        boolean[] inserted = new boolean[reported.length];
        List<String> unsureKeys = new ArrayList<>();
        for (int i = 0; i < reported.length; i++) {
            inserted[i] = Boolean.TRUE.equals(reported[i]) || (reported[i] == null && !keyMayRepeat.get(i));
            if (!inserted[i]) {
                unsureKeys.add(leadOwners.get(i)[2]);
            }
        }
        Map<String, String> stored = unsureKeys.isEmpty() ? Map.of() : existingLeads(unsureKeys);
        List<Object[]> pending = new ArrayList<>();
        for (int i = 0; i < reported.length; i++) {
            String[] owner = leadOwners.get(i);
            String first = stored.get(owner[2]);
            if (!inserted[i] && owner[1].equals(first)) {
                inserted[i] = true;
            }
            if (inserted[i]) {
                leadIds.get(owner[0]).add(owner[1]);
                if (!leadTest.get(i)) {
                    pending.add(new Object[] {owner[1]});
                }
            } else if (first != null) {
                leadIds.get(owner[0]).add(first);
            }
        }
        // Empty batches are skipped: a web-form group commit has leads only, and every statement costs a prepare.
        batch("INSERT INTO inbox_pending (lead_id) VALUES (?)", pending);
        batch("INSERT INTO rejections (rejection_id, submission_id, source_id, event_index, reasons, rejected_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", rejectionRows);
        batch("INSERT INTO lead_events (lead_id, at, type, actor, reason) VALUES (?, ?, ?, ?, ?)", feedbackRows);
        batch("INSERT INTO crm_feedback (lead_id, crm, type, crm_user, created_at) VALUES (?, ?, ?, ?, ?)", feedbackActions);
        for (EventBatch batch : batches) {
            outcomes.put(batch.submissionId(), new Outcome(leadIds.get(batch.submissionId()), rejectionIds.get(batch.submissionId())));
        }
        announceAfterCommit(batches, inserted, rejectionRows);
        return outcomes;
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    /** Tells the listener per source what was stored, once the transaction has committed (never for a rollback). */
    private void announceAfterCommit(List<EventBatch> batches, boolean[] inserted, List<Object[]> rejectionRows) {
        Map<String, Integer> leads = new LinkedHashMap<>();
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        int row = 0;
        for (EventBatch batch : batches) {
            for (SubmissionEvent event : batch.submission().events()) {
                if (event instanceof SubmissionEvent.MappedLead) {
                    if (inserted[row++]) {
                        leads.merge(batch.sourceId(), 1, Integer::sum);
                    }
                }
            }
        }
        for (Object[] rejection : rejectionRows) {
            reasons.computeIfAbsent((String) rejection[2], k -> new ArrayList<>()).add((String) rejection[4]);
        }
        if (leads.isEmpty() && reasons.isEmpty()) {
            return;
        }
        Runnable announce = () -> {
            Set<String> sources = new java.util.LinkedHashSet<>(leads.keySet());
            sources.addAll(reasons.keySet());
            for (String source : sources) {
                listener.stored(source, leads.getOrDefault(source, 0), reasons.getOrDefault(source, List.of()));
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    announce.run();
                }
            });
        } else {
            announce.run();
        }
    }

    /** What mapping {@link #mapPending} did in one call. */
    public record MapResult(int submissions, int leads) {
    }

    /**
     * Maps up to {@code max} acknowledged submissions waiting for it (SKIP LOCKED: replicas split them) and stores
     * what {@code mapper} makes of each in the same transaction. The mapper returns {@link SubmissionEvent.Unmapped}
     * events for bad input; when it throws (a vendor API it needs is down) the submission stays pending and is tried
     * again later, and after {@link #MAX_MAP_ATTEMPTS} it becomes a kept rejection with the last reason.
     */
    public MapResult mapPending(int max, Function<StoredSubmission, List<SubmissionEvent>> mapper) {
        MapResult result = tx.execute(status -> {
            queue.keysOnly();
            Timestamp now = Timestamp.from(clock.instant());
            List<String> ids = jdbc.queryForList(
                    "SELECT submission_id FROM submission_pending WHERE next_attempt_at IS NULL OR next_attempt_at <= ?"
                            + " ORDER BY submission_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    String.class, now, max);
            if (ids.isEmpty()) {
                return new MapResult(0, 0);
            }
            List<EventBatch> batches = new ArrayList<>();
            List<String> done = new ArrayList<>();
            for (StoredSubmission stored : submissions(ids)) {
                List<SubmissionEvent> events;
                try {
                    events = mapper.apply(stored);
                } catch (RuntimeException e) {
                    events = retryLater(stored.submissionId(), e.getMessage());
                    if (events == null) {
                        continue;
                    }
                }
                done.add(stored.submissionId());
                Submission mapped = new Submission(stored.sourceId(), idemKeyOf(stored.submissionId()), stored.contentType(),
                        stored.headersJson(), stored.body(), events);
                batches.add(new EventBatch(stored.submissionId(), mapped, Timestamp.from(stored.receivedAt()), false));
            }
            Map<String, Outcome> outcomes = storeEvents(batches, false);
            if (!done.isEmpty()) {
                named.update("DELETE FROM submission_pending WHERE submission_id IN (:ids)", new MapSqlParameterSource("ids", done));
            }
            return new MapResult(ids.size(), outcomes.values().stream().mapToInt(o -> o.leadIds().size()).sum());
        });
        return result == null ? new MapResult(0, 0) : result;
    }

    /** Attempts before a submission whose mapping keeps failing becomes a kept rejection (about two days of back-off). */
    static final int MAX_MAP_ATTEMPTS = 20;

    /** Schedules another attempt with exponential back-off ({@code firstRetry} doubling, at most 4 h); null = it stays pending. */
    private List<SubmissionEvent> retryLater(String submissionId, String reason) {
        Integer attempts = jdbc.queryForObject("SELECT attempts FROM submission_pending WHERE submission_id = ?", Integer.class, submissionId);
        int next = (attempts == null ? 0 : attempts) + 1;
        String why = reason == null ? "mapping failed" : reason;
        if (next >= MAX_MAP_ATTEMPTS) {
            return List.of(new SubmissionEvent.Unmapped(0, "[{\"field\":\"body\",\"message\":"
                    + quote("gave up after " + next + " attempts: " + why) + "}]"));
        }
        long delayMillis = Math.min(Duration.ofHours(4).toMillis(), firstRetry.toMillis() << Math.min(next - 1, 20));
        jdbc.update("UPDATE submission_pending SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE submission_id = ?",
                next, Timestamp.from(clock.instant().plusMillis(delayMillis)), why.length() > 2000 ? why.substring(0, 2000) : why,
                submissionId);
        return null;
    }

    private static String quote(String text) {
        return '"' + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }


    /** How a replay of a kept rejection ended. */
    public record ReplayResult(String rejectionId, String leadId, String reasonsJson) {
        public boolean succeeded() {
            return leadId != null;
        }
    }

    /**
     * Maps a kept rejection's submission again (after a mapping fix) and, if its event now maps, stores the lead and
     * marks the rejection replayed; otherwise records the current reasons. Empty when there is no such rejection.
     */
    public Optional<ReplayResult> replay(String rejectionId, Function<StoredSubmission, List<SubmissionEvent>> mapper) {
        return tx.execute(status -> {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT submission_id, event_index, lead_id, erased_at FROM rejections WHERE rejection_id = ? FOR UPDATE", rejectionId);
            if (rows.isEmpty()) {
                return Optional.<ReplayResult>empty();
            }
            Map<String, Object> row = rows.get(0);
            if (row.get("lead_id") != null) {
                return Optional.of(new ReplayResult(rejectionId, (String) row.get("lead_id"), null));
            }
            if (row.get("erased_at") != null) {
                return Optional.of(new ReplayResult(rejectionId, null, "[{\"field\":\"body\",\"message\":\"the submission was"
                        + " erased after the retention period (leadrouter.retention.personal-data): nothing to replay\"}]"));
            }
            String submissionId = (String) row.get("submission_id");
            int index = ((Number) row.get("event_index")).intValue();
            StoredSubmission stored = submissions(List.of(submissionId)).get(0);
            SubmissionEvent event = mapper.apply(stored).stream().filter(e -> e.index() == index).findFirst()
                    .orElse(new SubmissionEvent.Unmapped(index,
                            "[{\"field\":\"body\",\"message\":\"the submission no longer has an event number " + (index + 1) + "\"}]"));
            if (event instanceof SubmissionEvent.Unmapped unmapped) {
                jdbc.update("UPDATE rejections SET reasons = ? WHERE rejection_id = ?", unmapped.reasonsJson(), rejectionId);
                return Optional.of(new ReplayResult(rejectionId, null, unmapped.reasonsJson()));
            }
            Submission single = new Submission(stored.sourceId(), idemKeyOf(submissionId), stored.contentType(), stored.headersJson(),
                    stored.body(), List.of(event));
            Outcome outcome = storeEvents(List.of(new EventBatch(submissionId, single, Timestamp.from(stored.receivedAt()), false)), false)
                    .get(submissionId);
            String leadId = outcome.leadIds().isEmpty() ? null : outcome.leadIds().get(0);
            jdbc.update("UPDATE rejections SET replayed_at = ?, lead_id = ? WHERE rejection_id = ?",
                    Timestamp.from(clock.instant()), leadId, rejectionId);
            return Optional.of(new ReplayResult(rejectionId, leadId, null));
        });
    }

    private String idemKeyOf(String submissionId) {
        return jdbc.queryForObject("SELECT idem_key FROM submissions WHERE submission_id = ?", String.class, submissionId);
    }

    private List<StoredSubmission> submissions(List<String> ids) {
        List<StoredSubmission> found = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            found.addAll(named.query("SELECT submission_id, source_id, content_type, headers, body, received_at FROM submissions"
                            + " WHERE submission_id IN (:ids) ORDER BY submission_id",
                    new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK))),
                    (rs, i) -> new StoredSubmission(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5), rs.getTimestamp(6).toInstant())));
        }
        return found;
    }

    private Map<String, Outcome> outcomesOf(List<String> submissionIds) {
        Map<String, List<String>> leads = new HashMap<>();
        Map<String, List<String>> rejections = new HashMap<>();
        for (int from = 0; from < submissionIds.size(); from += IN_CHUNK) {
            MapSqlParameterSource ids = new MapSqlParameterSource("ids", submissionIds.subList(from, Math.min(submissionIds.size(), from + IN_CHUNK)));
            named.query("SELECT submission_id, lead_id FROM inbox WHERE submission_id IN (:ids) ORDER BY event_index, lead_id", ids,
                    rs -> {
                        leads.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
            named.query("SELECT submission_id, rejection_id FROM rejections WHERE submission_id IN (:ids) ORDER BY event_index", ids,
                    rs -> {
                        rejections.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
        }
        Map<String, Outcome> outcomes = new HashMap<>();
        for (String id : submissionIds) {
            outcomes.put(id, new Outcome(leads.getOrDefault(id, List.of()), rejections.getOrDefault(id, List.of())));
        }
        return outcomes;
    }

    private Map<String, String> existingSubmissions(List<String> keys) {
        return lookup("SELECT idem_key, submission_id FROM submissions WHERE idem_key IN (:keys)", keys);
    }

    /** Leads that keep their submission inline, by key (see isInline). */
    private Map<String, String> inlineLeads(List<String> keys) {
        return lookup("SELECT idem_key, lead_id FROM inbox WHERE idem_key IN (:keys) AND raw_headers IS NOT NULL", keys);
    }

    private Map<String, String> existingLeads(List<String> keys) {
        return lookup("SELECT idem_key, lead_id FROM inbox WHERE idem_key IN (:keys)", keys);
    }

    private Map<String, String> lookup(String sql, List<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            lookups.query(sql, new MapSqlParameterSource("keys", chunk), rs -> {
                found.put(rs.getString(1), rs.getString(2));
            });
        }
        return found;
    }
}
