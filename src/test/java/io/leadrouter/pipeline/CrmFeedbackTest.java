package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadrouter.distribution.Action;
import io.leadrouter.distribution.Caps;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.distribution.LeadFlow;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Queue;
import io.leadrouter.distribution.Rep;
import io.leadrouter.distribution.Rule;
import io.leadrouter.distribution.Team;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadStateRow;
import io.leadrouter.ledger.Submission;
import io.leadrouter.ledger.SubmissionEvent;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Closing the loop: what reps do inside a CRM becomes claims and first touches here, within the same limits. */
class CrmFeedbackTest {
    private static final String ALICE_SF = "0055g00000AliceAAA";
    private static final String BOB_SF = "0055g00000BobbbAAA";
    private static final String POOL_SF = "00G5g00000PoolQAAA";

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private JdbcTemplate jdbc;
    private TransactionTemplate tx;
    private LeadLedger ledger;
    private LeadLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:feedback-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        ledger = new LeadLedger(jdbc, tx, clock);
        List<Rep> reps = List.of(
                new Rep("alice", "Alice", Map.of("salesforce", ALICE_SF), 1, Caps.NONE, null, Set.of(), true, false),
                new Rep("bob", "Bob", Map.of("salesforce", BOB_SF), 1, Caps.NONE, null, Set.of(), true, false));
        Team sales = new Team("sales", "Sales", reps);
        Queue pool = new Queue("pool", "Pool", List.of("sales"), 1, Duration.ofMinutes(30), Map.of("salesforce", POOL_SF));
        Policy policy = new Policy(List.of(sales), List.of(pool), List.of(),
                List.of(new Rule("all", "", List.of(), new Action.Pull("pool", 0))), null, null, List.of());
        Distributor distributor = new Distributor(policy, clock);
        lifecycle = new LeadLifecycle(new LeadFlow(distributor, clock, Duration.ofMinutes(5)), distributor, ledger,
                MappingCatalog.load(Path.of("mappings")), new DecisionJson(json));
    }

    private String queuedLead(String email) throws Exception {
        Lead lead = new Lead("form-website", email, null, null, "Lead", "Co", null, "US", null, Map.of());
        String leadId = new Inbox(jdbc, tx, clock).store(List.of(new Submission("form-website", "form-website:k:" + email,
                "application/json", "{}", new byte[0],
                List.of(new SubmissionEvent.MappedLead(0, null, "{}", json.writeValueAsString(lead), email, null, false))))).get(0).leadId();
        lifecycle.decidePending(10);
        assertThat(ledger.position(leadId).orElseThrow().status()).isEqualTo("QUEUED");
        return leadId;
    }

    private void feedback(String leadId, String type, String crmUser) {
        jdbc.update("INSERT INTO crm_feedback (lead_id, crm, type, crm_user, created_at) VALUES (?, 'salesforce', ?, ?, CURRENT_TIMESTAMP)",
                leadId, type, crmUser);
    }

    private List<String> history(String leadId) {
        return jdbc.queryForList("SELECT type FROM lead_events WHERE lead_id = ? ORDER BY id", String.class, leadId);
    }

    @Test
    void acceptingFromTheCrmQueueIsAClaimAndAStatusChangeIsTheFirstTouch() throws Exception {
        String leadId = queuedLead("queue-" + UUID.randomUUID() + "@example.com");
        // Salesforce sends 18-character ids; the policy may hold either form.
        feedback(leadId, "crm-owner-changed", ALICE_SF.substring(0, 15) + "XYZ");
        assertThat(lifecycle.applyCrmFeedback(10)).isEqualTo(1);
        LeadStateRow claimed = ledger.position(leadId).orElseThrow();
        assertThat(claimed.status()).isEqualTo("CLAIMED");
        assertThat(claimed.repId()).isEqualTo("alice");
        assertThat(claimed.touchedAt()).isNull();

        clock.advance(Duration.ofMinutes(3));
        feedback(leadId, "crm-status-changed", null);
        lifecycle.applyCrmFeedback(10);
        assertThat(ledger.position(leadId).orElseThrow().touchedAt()).as("the SLA clock stops at the first touch in the CRM")
                .isEqualTo(clock.instant());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM crm_feedback", Integer.class)).isZero();
    }

    @Test
    void aClaimOverTheLimitInTheCrmIsRecordedNotForced() throws Exception {
        String first = queuedLead("first-" + UUID.randomUUID() + "@example.com");
        String second = queuedLead("second-" + UUID.randomUUID() + "@example.com");
        jdbc.update("DELETE FROM outbox");
        feedback(first, "crm-owner-changed", BOB_SF);
        feedback(second, "crm-owner-changed", BOB_SF);
        lifecycle.applyCrmFeedback(10);
        assertThat(ledger.position(first).orElseThrow().status()).isEqualTo("CLAIMED");
        assertThat(ledger.position(second).orElseThrow().status()).as("bob's claim limit in the pool is 1").isEqualTo("QUEUED");
        assertThat(history(second)).contains("crm-claim-over-limit");
        assertThat(jdbc.queryForObject("SELECT reason FROM lead_events WHERE lead_id = ? AND type = 'crm-claim-over-limit'",
                String.class, second)).contains("bob", "claim limit 1", "pool", "stays queued");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE lead_id = ? AND payload LIKE ?", Integer.class, second,
                "%" + POOL_SF + "%")).as("not returned to the queue unless configured").isZero();
    }

    @Test
    void aClaimOverTheLimitInTheCrmIsReturnedToTheQueueWhenConfigured() throws Exception {
        lifecycle.returnOverLimitClaims("salesforce"::equals);
        String first = queuedLead("first-" + UUID.randomUUID() + "@example.com");
        String second = queuedLead("second-" + UUID.randomUUID() + "@example.com");
        jdbc.update("DELETE FROM outbox");
        feedback(first, "crm-owner-changed", BOB_SF);
        feedback(second, "crm-owner-changed", BOB_SF);
        lifecycle.applyCrmFeedback(10);

        assertThat(ledger.position(first).orElseThrow().status()).isEqualTo("CLAIMED");
        assertThat(ledger.position(second).orElseThrow().status()).isEqualTo("QUEUED");
        assertThat(jdbc.queryForObject("SELECT reason FROM lead_events WHERE lead_id = ? AND type = 'crm-claim-over-limit'",
                String.class, second)).contains("returned to the queue in salesforce");
        List<String> writes = jdbc.queryForList("SELECT payload FROM outbox WHERE lead_id = ? AND crm = 'salesforce'", String.class, second);
        assertThat(writes).as("one write sets the Salesforce owner back to the queue").hasSize(1);
        assertThat(json.readTree(writes.get(0)).path("ownerId").asText()).isEqualTo(POOL_SF);
        assertThat(json.readTree(writes.get(0)).path("queueId").asText()).isEqualTo("pool");
        assertThat(json.readTree(writes.get(0)).path("lead").path("email").asText()).startsWith("second-");
    }

    @Test
    void anOwnerWeDoNotKnowChangesNothing() throws Exception {
        String leadId = queuedLead("stranger-" + UUID.randomUUID() + "@example.com");
        feedback(leadId, "crm-owner-changed", "0055g00000StrangerA");
        assertThat(lifecycle.applyCrmFeedback(10)).isEqualTo(1);
        assertThat(ledger.position(leadId).orElseThrow().status()).isEqualTo("QUEUED");
    }
}
