package io.leadrouter.pipeline;

import io.leadrouter.ledger.LedgerJdbcTemplate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Action;
import io.leadrouter.distribution.LeadFlow;
import io.leadrouter.distribution.Rep;
import io.leadrouter.distribution.Rule;
import io.leadrouter.distribution.Strategy;
import io.leadrouter.distribution.Team;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.GroupCommitter;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.Outbox;
import io.leadrouter.testing.QueueWorker;
import io.leadrouter.ledger.Receipt;
import io.leadrouter.ledger.Submission;
import io.leadrouter.ledger.SubmissionEvent;
import io.leadrouter.ledger.WriteResult;
import io.leadrouter.mapping.MappingCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two "replicas" over one database: each has its own group committer and decision worker. 8 intake threads
 * submit 500 leads each (and resubmit every 10th through the other replica); every lead must be stored once,
 * decided once, round robin must come out exactly even, and two CRM writers must write each lead once.
 */
abstract class AbstractLedgerConcurrencyTest {
    static final int THREADS = 8;
    static final int PER_THREAD = 500;
    static final List<String> REPS = List.of("ana", "ben", "cai", "dee");

    @TempDir
    Path temp;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();

    /** A JDBC URL for an empty database, plus the Flyway vendor folder ("h2" or "postgresql"). */
    abstract String jdbcUrl() throws Exception;

    abstract String vendor();

    /** Closes {@code resource} after the test, after everything registered later (reverse order). */
    void closeAfterTest(AutoCloseable resource) {
        closeables.add(resource);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void fourThousandConcurrentLeadsAreStoredAndDecidedOnceAndEvenly() throws Exception {
        DataSource ds = dataSource(jdbcUrl());
        Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor()).load().migrate();
        JdbcTemplate jdbc = new LedgerJdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        Clock clock = Clock.systemUTC();
        Policy policy = policy();
        Distributor distributor = new Distributor(policy, clock);
        LeadLifecycle lifecycle = new LeadLifecycle(new LeadFlow(distributor, clock, Duration.ofMinutes(5)), distributor,
                new LeadLedger(jdbc, tx, clock), MappingCatalog.load(Path.of("mappings")), new DecisionJson(json));

        List<QueueWorker> workers = new ArrayList<>();
        List<GroupCommitter> committers = new ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            QueueWorker worker = new QueueWorker("decide-" + replica, () -> lifecycle.decidePending(200), Duration.ofMillis(100));
            GroupCommitter committer = new GroupCommitter(new Inbox(jdbc, tx, clock), 500, 10_000, committed -> worker.wake());
            workers.add(worker);
            committers.add(committer);
            closeables.add(worker::stop);
            closeables.add(committer);
            worker.start();
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        closeables.add(pool::shutdownNow);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> submitAll(thread, committers)));
        }
        Set<String> leadIds = new HashSet<>();
        for (Future<List<String>> result : results) {
            leadIds.addAll(result.get());
        }
        int total = THREADS * PER_THREAD;
        assertThat(leadIds).hasSize(total);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isEqualTo(total);

        await().atMost(Duration.ofSeconds(90)).until(
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE decision_json IS NOT NULL", Integer.class) == total);

        List<Map<String, Object>> perRep = jdbc.queryForList(
                "SELECT rep_id, COUNT(*) AS n FROM lead_state WHERE status = 'ASSIGNED' GROUP BY rep_id ORDER BY rep_id");
        assertThat(perRep).extracting(r -> r.get("rep_id")).containsExactlyElementsOf(REPS);
        assertThat(perRep).extracting(r -> ((Number) r.get("n")).intValue()).containsOnly(total / REPS.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT lead_id) FROM outbox", Integer.class)).isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_pending", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT turns FROM round_robin_cursor WHERE team_id = 'test-team'", Long.class))
                .isEqualTo(total);
        assertThat(jdbc.queryForList("SELECT received FROM rep_ledger WHERE team_id = 'test-team'", Long.class))
                .containsOnly((long) total / REPS.size());
        assertThat(jdbc.queryForList("SELECT open_leads FROM rep_state ORDER BY rep_id", Integer.class))
                .containsOnly(total / REPS.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_state WHERE outcome = 'ASSIGN'", Integer.class)).isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM decision_log", Integer.class)).isZero();

        drainOutboxWithTwoWriters(jdbc, tx, clock, total);
    }

    /** Two replicas' CRM writers drain the same outbox: every write happens once, none is lost. */
    private void drainOutboxWithTwoWriters(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, int total) throws Exception {
        Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
        List<QueueWorker> writers = new ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            Outbox outbox = new Outbox(jdbc, tx, clock, 3, Duration.ofMinutes(2), Duration.ofMinutes(1));
            QueueWorker writer = new QueueWorker("writer-" + replica, () -> outbox.drain("salesforce", 50, batch -> batch.stream()
                    .map(entry -> {
                        writes.computeIfAbsent(entry.leadId(), id -> new AtomicInteger()).incrementAndGet();
                        return (WriteResult) new WriteResult.Written("00Q" + entry.leadId().substring(0, 12));
                    }).toList()), Duration.ofMillis(50));
            writers.add(writer);
            closeAfterTest(writer::stop);
            writer.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM crm_writes WHERE status = 'WRITTEN'", Integer.class) == total);
        assertThat(writes).hasSize(total);
        assertThat(writes.values()).allMatch(n -> n.get() == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isZero();
    }

    private List<String> submitAll(int thread, List<GroupCommitter> committers) throws Exception {
        List<CompletableFuture<Receipt>> fresh = new ArrayList<>();
        List<Submission> sent = new ArrayList<>();
        for (int i = 0; i < PER_THREAD; i++) {
            Submission s = submission(thread, i);
            sent.add(s);
            fresh.add(committers.get(thread % 2).submit(s));
            if (fresh.size() % 50 == 0) {
                CompletableFuture.allOf(fresh.toArray(CompletableFuture[]::new)).join();
            }
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Receipt> f : fresh) {
            Receipt r = f.join();
            assertThat(r.duplicate()).isFalse();
            ids.add(r.leadId());
        }
        for (int i = 0; i < PER_THREAD; i += 10) {
            Receipt again = committers.get((thread + 1) % 2).submit(sent.get(i)).join();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.leadId()).isEqualTo(ids.get(i));
        }
        return ids;
    }

    private Submission submission(int thread, int i) throws Exception {
        String email = "lead-" + thread + "-" + i + "@example.com";
        Lead lead = new Lead("form-website", email, null, "Lead", "Number" + i, "Example Inc", null, "US", null, Map.of());
        String payload = json.writeValueAsString(Map.of("email", email));
        return new Submission("form-website", "form-website:k:" + thread + "-" + i, "application/json", "{}",
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                List.of(new SubmissionEvent.MappedLead(0, null, payload, json.writeValueAsString(lead), email, null, false)));
    }

    private static Policy policy() {
        List<Rep> reps = new ArrayList<>();
        for (int i = 0; i < REPS.size(); i++) {
            reps.add(new Rep(REPS.get(i), "Rep " + i, Map.of("salesforce", "00500000000000" + i + "AAA"), true));
        }
        return new Policy(List.of(new Team("test-team", "Test team", reps)),
                List.of(new Rule("all", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "test-team", false, false))));
    }

    private DataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(12);
        HikariDataSource ds = new HikariDataSource(config);
        closeables.add(ds);
        return ds;
    }
}
