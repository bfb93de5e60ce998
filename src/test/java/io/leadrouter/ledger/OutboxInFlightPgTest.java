package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadrouter.testing.MutableClock;
import io.leadrouter.testing.PgLedger;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One write per lead and CRM in flight, on a real PostgreSQL: while a writer's call for a lead is running, a newer
 * entry for that lead (a later decision replaced the leased row, as the ledger does: delete + insert) is not leased by
 * a second writer (here another replica's) — otherwise the two writes could reach the CRM in either order — and is
 * leased once the older result is recorded, or once the older lease has run out (its writer died). While a call is in
 * flight, a second call of the same instance takes only a full batch.
 */
class OutboxInFlightPgTest {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static PgLedger database;
    private static DataSource dataSource;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final ExecutorService firstWriter = Executors.newSingleThreadExecutor();
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private JdbcTemplate jdbc;
    private Outbox outbox;
    /** A second replica's writer over the same outbox. */
    private Outbox replica;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = PgLedger.start(6);
        dataSource = database.dataSource();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void emptyOutbox() {
        jdbc = new LedgerJdbcTemplate(dataSource);
        jdbc.update("DELETE FROM outbox");
        jdbc.update("DELETE FROM outbox_in_flight");
        jdbc.update("DELETE FROM crm_writes");
        outbox = new Outbox(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock, 5, LEASE,
                Duration.ofMinutes(1));
        replica = new Outbox(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock, 5, LEASE,
                Duration.ofMinutes(1));
    }

    @AfterEach
    void stopWriter() {
        firstWriter.shutdownNow();
    }

    @Test
    void aNewerEntryOfALeadWaitsUntilTheOlderWriteIsRecorded() throws Exception {
        queue("lead-x", "x-v1");
        CountDownLatch answer = new CountDownLatch(1);
        Future<Integer> first = callInFlight(answer);

        replace("lead-x", "x-v2");
        queue("lead-y", "y-v1");
        List<String> secondBatch = new ArrayList<>();
        assertThat(replica.drain("salesforce", 10, batch -> {
            batch.forEach(e -> secondBatch.add(e.payloadJson()));
            return written(batch);
        })).isEqualTo(1);
        assertThat(secondBatch).as("lead-x's newer write waits while its older one is in flight").containsExactly("y-v1");

        answer.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(outbox.drain("salesforce", 10, batch -> {
            batch.forEach(e -> sent.add(e.payloadJson()));
            return written(batch);
        })).isEqualTo(1);
        assertThat(sent).as("lead-x's writes reach the CRM in the order they were decided").containsExactly("x-v1", "x-v2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox_in_flight", Integer.class)).isZero();
    }

    @Test
    void aWriteWhoseLeaseRanOutNoLongerHoldsBackTheLead() throws Exception {
        queue("lead-x", "x-v1");
        CountDownLatch answer = new CountDownLatch(1);
        Future<Integer> stuck = callInFlight(answer);
        replace("lead-x", "x-v2");
        assertThat(replica.drain("salesforce", 10, this::written)).as("held back while the lease runs").isZero();

        clock.advance(LEASE.plusSeconds(1));
        List<String> leased = new ArrayList<>();
        assertThat(replica.drain("salesforce", 10, batch -> {
            batch.forEach(e -> leased.add(e.payloadJson()));
            return written(batch);
        })).isEqualTo(1);
        assertThat(leased).containsExactly("x-v2");
        answer.countDown();
        stuck.get(30, TimeUnit.SECONDS);
    }

    @Test
    void whileACallIsInFlightASecondOneTakesOnlyAFullBatch() throws Exception {
        queue("lead-a", "a");
        CountDownLatch answer = new CountDownLatch(1);
        Future<Integer> first = callInFlight(answer);
        for (int i = 0; i < 9; i++) {
            queue("lead-b" + i, "b" + i);
        }
        assertThat(outbox.drain("salesforce", 10, this::written)).as("9 wait for the writer in flight").isZero();
        queue("lead-b9", "b9");
        assertThat(outbox.drain("salesforce", 10, this::written)).as("a full batch goes out beside it").isEqualTo(10);
        answer.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        queue("lead-c", "c");
        assertThat(outbox.drain("salesforce", 10, this::written)).as("nothing in flight: a lone entry goes at once").isEqualTo(1);
    }

    @Test
    void aReleasedBatchFreesItsLeads() {
        queue("lead-x", "x-v1");
        assertThat(outbox.drain("salesforce", 10, batch -> {
            throw WriterBackOffException.notCalled("circuit open", Duration.ZERO);
        })).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox_in_flight", Integer.class)).isZero();
        assertThat(outbox.drain("salesforce", 10, this::written)).isEqualTo(1);
    }

    private List<WriteResult> written(List<OutboxEntry> batch) {
        return batch.stream().map(e -> (WriteResult) new WriteResult.Written("rec-" + e.id())).toList();
    }

    /** The first writer leases what is due and calls the CRM (recorded in {@code sent}), which answers once {@code answer} opens. */
    private Future<Integer> callInFlight(CountDownLatch answer) throws InterruptedException {
        CountDownLatch inFlight = new CountDownLatch(1);
        Future<Integer> call = firstWriter.submit(() -> outbox.drain("salesforce", 10, batch -> {
            batch.forEach(e -> sent.add(e.payloadJson()));
            inFlight.countDown();
            await(answer);
            return written(batch);
        }));
        assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("the first writer's call started").isTrue();
        return call;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the call answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void queue(String leadId, String payload) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("INSERT INTO outbox (lead_id, crm, payload, attempts, next_attempt_at, created_at) VALUES (?, 'salesforce', ?, 0, ?, ?)",
                leadId, payload, now, now);
    }

    /** What the ledger does when a later decision changes a lead's write: the queued entry is replaced. */
    private void replace(String leadId, String payload) {
        jdbc.update("DELETE FROM outbox WHERE lead_id = ? AND crm = 'salesforce'", leadId);
        queue(leadId, payload);
    }
}
