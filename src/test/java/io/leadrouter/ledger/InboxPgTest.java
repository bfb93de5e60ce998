package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.testing.PgLedger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The raw-first inbox on PostgreSQL as the application connects to it (batched inserts rewritten into multi-row
 * statements, reWriteBatchedInserts): the inbox's own multi-row INSERT … RETURNING says which keys it stored — also
 * when another replica commits the same key at the same moment.
 */
class InboxPgTest extends AbstractInboxTest {
    private static PgLedger database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = PgLedger.start(4);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Override
    protected DataSource freshDatabase() {
        new JdbcTemplate(database.dataSource()).execute("TRUNCATE submissions, submission_pending, inbox, inbox_pending, rejections,"
                + " lead_events, crm_feedback");
        return database.dataSource();
    }

    @Test
    void aFormKeyAnotherReplicaCommitsAtTheSameMomentIsADuplicateOfThatLead() throws Exception {
        // inline submissions: the race is decided by the inbox's key
        Receipt first = race(key -> form(key, key + "@example.com"));
        assertThat(first.leadIds()).containsExactly(first.submissionId());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_pending", Integer.class)).isEqualTo(3);
    }

    @Test
    void aWebhookKeyAnotherReplicaCommitsAtTheSameMomentIsADuplicateOfThatSubmission() throws Exception {
        // submissions rows: the race is decided by the submissions table's key
        race(key -> deferred(key, "{}"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submissions", Integer.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submission_pending", Integer.class)).isEqualTo(3);
    }

    /** Another replica stores key k and holds its commit while ours stores x, k, y; returns the other's receipt. */
    private Receipt race(java.util.function.Function<String, Submission> submission) throws Exception {
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // the other replica's group commit: stored, not yet committed
        CompletableFuture<Receipt> other = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            Receipt receipt = inbox.store(List.of(submission.apply("k"))).get(0);
            stored.countDown();
            try {
                assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return receipt;
        }));
        assertThat(stored.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<Receipt>> ours = CompletableFuture.supplyAsync(
                () -> inbox.store(List.of(submission.apply("x"), submission.apply("k"), submission.apply("y"))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()", Integer.class) > 0);
        commit.countDown();

        Receipt first = other.get(30, TimeUnit.SECONDS);
        List<Receipt> receipts = ours.get(30, TimeUnit.SECONDS);
        assertThat(receipts).extracting(Receipt::duplicate).containsExactly(false, true, false);
        assertThat(receipts.get(1).submissionId()).isEqualTo(first.submissionId());
        assertThat(receipts.get(1).leadIds()).isEqualTo(first.leadIds());
        return first;
    }
}
