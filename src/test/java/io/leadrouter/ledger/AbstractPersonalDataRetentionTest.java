package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadrouter.testing.MutableClock;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention of personal data on the real schema (Flyway migrations): what is erased, what stays (ids, state, decisions,
 * history, counters), what waits because it is still in flight, and two "replicas" erasing at once without touching a
 * row twice.
 */
abstract class AbstractPersonalDataRetentionTest {
    static final Duration KEEP = Duration.ofDays(90);
    static final String EMAIL = "ada.lovelace@example.com";
    static final String PHONE = "+14155550132";
    static final String LEAD_JSON = "{\"sourceId\":\"form-website\",\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE
            + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"company\":\"Engines Ltd\",\"title\":\"CTO\",\"country\":\"GB\","
            + "\"city\":\"London\",\"postalCode\":\"W1\",\"message\":\"call me on " + PHONE + "\",\"attributes\":{\"utm_source\":\"ads\"}}";
    static final String DECISION = "{\"ruleId\":\"everyone\",\"repId\":\"alice\",\"trace\":{\"summary\":\"round robin\"}}";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    JdbcTemplate jdbc;
    TransactionTemplate tx;
    private DataSource dataSource;

    /** A JDBC URL for an empty database. */
    abstract String jdbcUrl() throws Exception;

    /** The Flyway vendor folder: h2 or postgresql. */
    abstract String vendor();

    void closeAfterTest(AutoCloseable resource) {
        closeables.add(resource);
    }

    @BeforeEach
    void migrate() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setMaximumPoolSize(6);
        HikariDataSource ds = new HikariDataSource(config);
        closeables.add(ds);
        dataSource = ds;
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/" + vendor())
                .load().migrate();
        jdbc = new LedgerJdbcTemplate(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void personalDataOfSettledOldLeadsIsErasedWhileIdsStateDecisionsAndHistoryStay() throws Exception {
        Instant old = clock.instant().minus(Duration.ofDays(100));
        Instant recent = clock.instant().minus(Duration.ofDays(1));
        lead("old-done", "sub-1", old, "DONE", null);
        lead("old-assigned", "sub-1", old, "ASSIGNED", null);
        lead("old-in-a-ladder", "sub-2", old, "OFFERED", clock.instant().plus(Duration.ofHours(1)));
        lead("old-being-written", "sub-2", old, "ASSIGNED", null);
        jdbc.update("INSERT INTO outbox (lead_id, crm, payload, attempts, next_attempt_at, created_at) VALUES (?, 'salesforce', ?, 0, ?, ?)",
                "old-being-written", LEAD_JSON, ts(old), ts(old));
        lead("old-undecided", "sub-2", old, null, null);
        jdbc.update("INSERT INTO inbox_pending (lead_id) VALUES ('old-undecided')");
        lead("recent", "sub-3", recent, "ASSIGNED", null);
        lead("old-inline", null, old, "DONE", null); // a form post kept on its lead's row (no submissions row)
        jdbc.update("UPDATE inbox SET raw_headers = ?, raw_body = ? WHERE lead_id = 'old-inline'", "{\"user-agent\":\"test\"}",
                ("email=" + EMAIL).getBytes());
        submission("sub-1", old);
        submission("sub-2", old);
        submission("sub-3", recent);
        submission("sub-old-pending", old);
        jdbc.update("INSERT INTO submission_pending (submission_id) VALUES ('sub-old-pending')");
        rejection("rej-old", "sub-1", old);
        rejection("rej-recent", "sub-3", recent);
        jdbc.update("INSERT INTO dead_letters (lead_id, crm, payload, detail, attempts, created_at) VALUES ('old-done', 'salesforce', ?,"
                + " 'REQUIRED_FIELD_MISSING', 3, ?)", LEAD_JSON, ts(old));
        jdbc.update("INSERT INTO notifications (lead_id, channel, recipient, subject, body, attempts, created_at, sent_at)"
                + " VALUES ('old-done', 'email', 'alice@acme.example', 'New lead: Ada Lovelace', 'Ada Lovelace, Engines Ltd', 1, ?, ?)",
                ts(old), ts(old));
        jdbc.update("INSERT INTO crm_writes (lead_id, crm, status, record_id, detail, attempts, written_at) VALUES"
                + " ('old-done', 'salesforce', 'WRITTEN', '00Q000000000001AAA', ?, 1, ?)", "invalid email address: " + EMAIL, ts(old));
        jdbc.update("INSERT INTO lead_events (lead_id, at, type, actor, reason) VALUES ('old-done', ?, 'touched', 'rep:alice', 'called')",
                ts(old));

        PersonalDataRetention retention = new PersonalDataRetention(jdbc, tx, clock);
        PersonalDataRetention.Erased erased = retention.eraseBatch(KEEP, 100);

        assertThat(erased.leads()).isEqualTo(3);
        assertThat(erased.submissions()).isEqualTo(2);
        assertThat(erased.rejections()).isEqualTo(1);
        for (String leadId : List.of("old-done", "old-assigned", "old-inline")) {
            JsonNode lead = json.readTree(inbox(leadId, "lead_json"));
            assertThat(lead.path("erased").asBoolean()).isTrue();
            assertThat(lead.has("email") || lead.has("phone") || lead.has("firstName") || lead.has("lastName")
                    || lead.has("message") || lead.has("city") || lead.has("postalCode") || lead.has("attributes")).isFalse();
            assertThat(lead.path("company").asText()).isEqualTo("Engines Ltd");
            assertThat(lead.path("country").asText()).isEqualTo("GB");
            assertThat(lead.path("sourceId").asText()).isEqualTo("form-website");
            assertThat(inbox(leadId, "payload")).isEqualTo("{}");
            assertThat(inbox(leadId, "email")).isNull();
            assertThat(inbox(leadId, "phone")).isNull();
            assertThat(jdbc.queryForObject("SELECT decision_json FROM lead_state WHERE lead_id = ?", String.class, leadId))
                    .as("the decision with its trace stays").isEqualTo(DECISION);
        }
        assertThat(jdbc.queryForObject("SELECT status FROM lead_state WHERE lead_id = 'old-done'", String.class)).isEqualTo("DONE");
        assertThat(jdbc.queryForObject("SELECT payload FROM dead_letters WHERE lead_id = 'old-done'", String.class)).isEqualTo("{}");
        assertThat(jdbc.queryForObject("SELECT detail FROM dead_letters WHERE lead_id = 'old-done'", String.class))
                .isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(jdbc.queryForObject("SELECT subject || ' ' || body FROM notifications WHERE lead_id = 'old-done'", String.class))
                .doesNotContain("Ada", "Lovelace");
        assertThat(jdbc.queryForMap("SELECT record_id, detail, status FROM crm_writes WHERE lead_id = 'old-done'"))
                .containsEntry("record_id", "00Q000000000001AAA").containsEntry("status", "WRITTEN").containsEntry("detail", null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_events WHERE lead_id = 'old-done'", Integer.class))
                .as("history stays").isEqualTo(1);

        for (String leadId : List.of("old-in-a-ladder", "old-being-written", "old-undecided", "recent")) {
            assertThat(inbox(leadId, "lead_json")).as(leadId + " is in flight or recent: kept").isEqualTo(LEAD_JSON);
            assertThat(inbox(leadId, "email")).isEqualTo(EMAIL);
        }
        assertThat(jdbc.queryForObject("SELECT raw_body FROM inbox WHERE lead_id = 'old-inline'", byte[].class)).isNull();
        assertThat(inbox("old-inline", "raw_headers")).as("still says the submission was inline").isEqualTo("{}");
        assertThat(inbox("recent", "raw_headers")).isNull();
        assertThat(body("sub-1")).isEmpty();
        assertThat(body("sub-2")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT headers FROM submissions WHERE submission_id = 'sub-1'", String.class)).isEqualTo("{}");
        assertThat(new String(body("sub-3"))).contains(EMAIL);
        assertThat(new String(body("sub-old-pending"))).as("not mapped yet: kept").contains(EMAIL);
        JsonNode reasons = json.readTree(jdbc.queryForObject("SELECT reasons FROM rejections WHERE rejection_id = 'rej-old'", String.class));
        assertThat(reasons.get(0).path("field").asText()).as("what was wrong stays countable").isEqualTo("email");
        assertThat(reasons.toString()).doesNotContain("nope@");
        assertThat(jdbc.queryForObject("SELECT reasons FROM rejections WHERE rejection_id = 'rej-recent'", String.class)).contains("nope@");

        assertThat(retention.eraseBatch(KEEP, 100).total()).as("nothing is erased twice").isZero();

        jdbc.update("DELETE FROM outbox WHERE lead_id = 'old-being-written'");
        assertThat(retention.eraseBatch(KEEP, 100).leads()).as("once written, that lead's turn comes").isEqualTo(1);
        assertThat(inbox("old-being-written", "email")).isNull();
    }

    @Test
    void twoReplicasErasingAtOnceEraseEveryLeadExactlyOnce() throws Exception {
        Instant old = clock.instant().minus(Duration.ofDays(100));
        int leads = 2_000;
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            String id = String.format("lead-%05d", i);
            rows.add(new Object[] {id, "form-website", "form-website:" + id, "application/json", "{\"email\":\"" + EMAIL + "\"}",
                    LEAD_JSON, ts(old), EMAIL});
        }
        jdbc.batchUpdate("INSERT INTO inbox (lead_id, source_id, idem_key, content_type, payload, lead_json, received_at, email)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);

        ExecutorService replicas = Executors.newFixedThreadPool(2);
        closeAfterTest(replicas::shutdownNow);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            PersonalDataRetention retention = new PersonalDataRetention(jdbc, tx, clock);
            work.add(() -> {
                int total = 0;
                for (int n; (n = retention.eraseBatch(KEEP, 50).leads()) > 0; ) {
                    total += n;
                }
                return total;
            });
        }
        int erased = 0;
        List<Integer> perReplica = new ArrayList<>();
        for (Future<Integer> f : replicas.invokeAll(work)) {
            perReplica.add(f.get());
            erased += f.get();
        }

        assertThat(erased).as("each lead erased by exactly one replica (per replica: %s)", perReplica).isEqualTo(leads);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE erased_at IS NULL OR email IS NOT NULL", Integer.class)).isZero();
    }

    private void lead(String leadId, String submissionId, Instant received, String status, Instant deadline) {
        jdbc.update("INSERT INTO inbox (lead_id, source_id, idem_key, content_type, payload, lead_json, received_at, submission_id,"
                        + " email, phone) VALUES (?, 'form-website', ?, 'application/json', ?, ?, ?, ?, ?, ?)",
                leadId, "form-website:" + leadId, "{\"email\":\"" + EMAIL + "\"}", LEAD_JSON, ts(received), submissionId, EMAIL, PHONE);
        if (status != null) {
            jdbc.update("INSERT INTO lead_state (lead_id, status, rule_id, rep_id, priority, deadline, submitted_at, updated_at, outcome,"
                    + " decision_json, decided_at) VALUES (?, ?, 'everyone', 'alice', 0, ?, ?, ?, 'ASSIGN', ?, ?)",
                    leadId, status, deadline == null ? null : ts(deadline), ts(received), ts(received), DECISION, ts(received));
        }
    }

    private void submission(String submissionId, Instant received) {
        jdbc.update("INSERT INTO submissions (submission_id, source_id, idem_key, content_type, headers, body, received_at)"
                        + " VALUES (?, 'form-website', ?, 'application/json', ?, ?, ?)", submissionId, "form-website:" + submissionId,
                "{\"user-agent\":\"test\"}", ("{\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE + "\"}").getBytes(), ts(received));
    }

    private void rejection(String rejectionId, String submissionId, Instant at) {
        jdbc.update("INSERT INTO rejections (rejection_id, submission_id, source_id, event_index, reasons, rejected_at)"
                        + " VALUES (?, ?, 'form-website', 0, ?, ?)", rejectionId, submissionId,
                "[{\"field\":\"email\",\"message\":\"'nope@' is not a valid email address\"}]", ts(at));
    }

    private String inbox(String leadId, String column) {
        return jdbc.queryForObject("SELECT " + column + " FROM inbox WHERE lead_id = ?", String.class, leadId);
    }

    private byte[] body(String submissionId) {
        return jdbc.queryForObject("SELECT body FROM submissions WHERE submission_id = ?", byte[].class, submissionId);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
