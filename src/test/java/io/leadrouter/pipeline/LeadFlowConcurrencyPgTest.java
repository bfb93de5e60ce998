package io.leadrouter.pipeline;

import io.leadrouter.ledger.LedgerJdbcTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadrouter.distribution.Action;
import io.leadrouter.distribution.Caps;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.distribution.FlowException;
import io.leadrouter.distribution.Ladder;
import io.leadrouter.distribution.LeadFlow;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Queue;
import io.leadrouter.distribution.Rep;
import io.leadrouter.distribution.Rule;
import io.leadrouter.distribution.Strategy;
import io.leadrouter.distribution.Team;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadStateRow;
import io.leadrouter.ledger.Submission;
import io.leadrouter.ledger.SubmissionEvent;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.testing.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims (the limit counts claimed, not yet touched leads), caps and the SLA sweeper on a real PostgreSQL with many threads and two "replicas" (two lifecycles with
 * their own ledgers over one database): no lead is claimed twice, no claim limit or cap is ever exceeded, and every
 * overdue lead is escalated exactly once.
 */
class LeadFlowConcurrencyPgTest {
    static final Instant START = Instant.parse("2025-03-05T10:00:00Z");
    static final int REPS = 16;

    static EmbeddedPostgres postgres;
    static HikariDataSource dataSource;

    final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    JdbcTemplate jdbc;
    TransactionTemplate tx;
    MutableClock clock;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(40);
        dataSource = new HikariDataSource(config);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        dataSource.close();
        postgres.close();
    }

    @BeforeEach
    void emptyDatabase() {
        Flyway flyway = Flyway.configure().dataSource(dataSource).cleanDisabled(false)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql").load();
        flyway.clean();
        flyway.migrate();
        jdbc = new LedgerJdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        clock = new MutableClock(START);
    }

    static List<Rep> reps(Caps caps) {
        List<Rep> reps = new ArrayList<>();
        for (int i = 0; i < REPS; i++) {
            reps.add(new Rep(String.format("rep%02d", i), "Rep " + i, Map.of("salesforce", String.format("0050000000000%02dAAA", i)),
                    1, caps, null, Set.of(), true, false));
        }
        return reps;
    }

    LeadLifecycle replica(Policy policy) {
        Distributor distributor = new Distributor(policy, clock);
        return new LeadLifecycle(new LeadFlow(distributor, clock, Duration.ofMinutes(5)), distributor,
                new LeadLedger(jdbc, tx, clock), MappingCatalog.load(Path.of("mappings")), new DecisionJson(json));
    }

    void submit(int count) throws Exception {
        List<Submission> submissions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Lead lead = new Lead("form-website", "lead" + i + "@example" + i + ".com", null, null, "L" + i, "Co " + i,
                    null, "US", null, Map.of());
            submissions.add(new Submission("form-website", "form-website:k" + i, "application/json", "{}", new byte[0],
                    List.of(new SubmissionEvent.MappedLead(0, null, "{}", json.writeValueAsString(lead), lead.email(), null, false))));
        }
        new Inbox(jdbc, tx, clock).store(submissions);
    }

    static void drain(List<LeadLifecycle> replicas, java.util.function.ToIntFunction<LeadLifecycle> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LeadLifecycle replica : replicas) {
                futures.add(pool.submit(() -> {
                    while (step.applyAsInt(replica) > 0) {
                        Thread.onSpinWait();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thirtyTwoClaimersNeverGetTheSameLeadAndNeverExceedTheirLimit() throws Exception {
        Team sales = new Team("sales", "Sales", reps(Caps.NONE));
        Queue pool = new Queue("pool", "Pool", List.of("sales"), 3, Duration.ofMinutes(30), Map.of());
        Policy policy = new Policy(List.of(sales), List.of(pool), List.of(),
                List.of(new Rule("all", "", List.of(), new Action.Pull("pool", 0))), null, null, List.of());
        LeadLifecycle one = replica(policy);
        LeadLifecycle two = replica(policy);
        submit(400);
        drain(List.of(one, two), r -> r.decidePending(100));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE status = 'QUEUED'", Integer.class)).isEqualTo(400);

        Map<String, AtomicInteger> holding = new ConcurrentHashMap<>();
        Map<String, Integer> maxHeld = new ConcurrentHashMap<>();
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger limitRefusals = new AtomicInteger();
        ExecutorService claimers = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                String repId = String.format("rep%02d", t % REPS);
                LeadLifecycle replica = t % 2 == 0 ? one : two;
                futures.add(claimers.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        Optional<LeadStateRow> claimed;
                        try {
                            claimed = replica.claimNext(repId);
                        } catch (FlowException e) {
                            assertThat(e.getMessage()).contains("claim limit");
                            limitRefusals.incrementAndGet();
                            claimed = null;
                        }
                        if (claimed != null && claimed.isEmpty()) {
                            break;
                        }
                        if (claimed != null) {
                            String leadId = claimed.get().leadId();
                            if (claimedBy.putIfAbsent(leadId, repId) != null) {
                                duplicates.incrementAndGet();
                            }
                            int now = holding.computeIfAbsent(repId, r -> new AtomicInteger()).incrementAndGet();
                            maxHeld.merge(repId, now, Math::max);
                            // Any committed state the database shows holds the limit too (releases only lower it).
                            Integer inDatabase = jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE rep_id = ? AND status = 'CLAIMED'",
                                    Integer.class, repId);
                            maxHeld.merge(repId, inDatabase, Math::max);
                            mine.add(leadId);
                        }
                        if (!mine.isEmpty() && (claimed == null || mine.size() >= 2)) {
                            String leadId = mine.remove(0);
                            holding.get(repId).decrementAndGet();
                            replica.touch(leadId, repId, null);
                            replica.done(leadId, repId);
                        }
                    }
                    for (String leadId : mine) {
                        holding.get(repId).decrementAndGet();
                        replica.touch(leadId, repId, null);
                        replica.done(leadId, repId);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            claimers.shutdownNow();
        }

        assertThat(duplicates).hasValue(0);
        assertThat(claimedBy).hasSize(400);
        assertThat(maxHeld.values()).allMatch(n -> n <= 3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_events WHERE type = 'claimed'", Integer.class)).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE status = 'DONE'", Integer.class)).isEqualTo(400);
        assertThat(jdbc.queryForList("SELECT open_leads FROM rep_state", Integer.class)).containsOnly(0);
    }

    @Test
    void dailyCapsHoldAcrossTwoReplicasDecidingAtOnce() throws Exception {
        Team sales = new Team("sales", "Sales", reps(new Caps(10, null)));
        Policy policy = new Policy(List.of(sales),
                List.of(new Rule("all", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "sales", false, false))));
        List<LeadLifecycle> replicas = List.of(replica(policy), replica(policy));
        submit(250);

        drain(replicas, r -> r.decidePending(7));

        assertThat(jdbc.queryForList("SELECT COUNT(*) FROM lead_state WHERE status = 'ASSIGNED' GROUP BY rep_id", Integer.class))
                .hasSize(REPS).containsOnly(10);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE status = 'HELD'", Integer.class)).isEqualTo(250 - 10 * REPS);
        assertThat(jdbc.queryForList("SELECT day_count FROM rep_state", Integer.class)).containsOnly(10);
        assertThat(jdbc.queryForList("SELECT received FROM rep_ledger", Long.class)).containsOnly(10L);
    }

    @Test
    void twoSweepersEscalateEveryOverdueLeadExactlyOnce() throws Exception {
        Team sales = new Team("sales", "Sales", reps(Caps.NONE));
        Queue pool = new Queue("pool", "Pool", List.of("sales"), 3, Duration.ofMinutes(30), Map.of());
        Ladder ladder = new Ladder("inbound", null, List.of(new Ladder.Offer("sales", Strategy.ROUND_ROBIN, Duration.ofMinutes(10)),
                new Ladder.Pool("pool", 0, Duration.ofMinutes(30))));
        Policy policy = new Policy(List.of(sales), List.of(pool), List.of(ladder),
                List.of(new Rule("all", "", List.of(), new Action.UseLadder("inbound"))), null, null, List.of());
        List<LeadLifecycle> replicas = List.of(replica(policy), replica(policy));
        submit(300);
        drain(replicas, r -> r.decidePending(50));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE status = 'OFFERED'", Integer.class)).isEqualTo(300);
        assertThat(jdbc.queryForObject("SELECT SUM(open_leads) FROM rep_state", Integer.class)).isEqualTo(300);
        String touched = jdbc.queryForObject("SELECT lead_id FROM lead_state ORDER BY lead_id FETCH FIRST 1 ROWS ONLY", String.class);
        String holder = jdbc.queryForObject("SELECT rep_id FROM lead_state WHERE lead_id = ?", String.class, touched);
        replicas.get(0).touch(touched, holder, "called");

        clock.advance(Duration.ofMinutes(10));
        drain(replicas, r -> r.sweep(20));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_events WHERE type = 'escalated'", Integer.class)).isEqualTo(299);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE status = 'QUEUED'", Integer.class)).isEqualTo(299);
        assertThat(jdbc.queryForObject("SELECT status FROM lead_state WHERE lead_id = ?", String.class, touched)).isEqualTo("ASSIGNED");
        assertThat(jdbc.queryForObject("SELECT SUM(open_leads) FROM rep_state", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE due_at <= ?", Integer.class,
                java.sql.Timestamp.from(clock.instant()))).isZero();
    }
}
