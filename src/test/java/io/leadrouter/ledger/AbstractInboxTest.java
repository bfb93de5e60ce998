package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The raw-first inbox: batches split into independent events, per-event dedupe, kept rejections, retries — on H2
 * ({@link InboxTest}) and on PostgreSQL with batched inserts rewritten into multi-row statements ({@link InboxPgTest}),
 * where the driver reports no per-row counts.
 */
abstract class AbstractInboxTest {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    protected JdbcTemplate jdbc;
    protected Inbox inbox;
    protected TransactionTemplate tx;

    /** A database with the ledger's migrations applied, empty. */
    protected abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void database() throws Exception {
        DataSource ds = freshDatabase();
        jdbc = new LedgerJdbcTemplate(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        inbox = new Inbox(jdbc, tx, clock);
    }

    protected static Submission deferred(String key, String body) {
        return new Submission("hook-test", "hook-test:k:" + key, "application/json", "{}", body.getBytes(StandardCharsets.UTF_8), null);
    }

    protected static SubmissionEvent.MappedLead lead(int index, String eventKey, String email) {
        return new SubmissionEvent.MappedLead(index, eventKey, "{}", "{\"sourceId\":\"hook-test\",\"email\":\"" + email + "\"}", email, null, false);
    }

    @Test
    void aBatchBecomesIndependentEventsAndOneBadEventDropsNothingElse() {
        Receipt receipt = inbox.store(List.of(deferred("b1", "[1,2,3]"))).get(0);
        assertThat(receipt.duplicate()).isFalse();
        assertThat(receipt.leadIds()).as("mapped after the acknowledgement").isEmpty();

        Inbox.MapResult result = inbox.mapPending(10, stored -> List.of(lead(0, "e1", "a@example.com"),
                new SubmissionEvent.Unmapped(1, "[{\"field\":\"email\",\"message\":\"missing\"}]"), lead(2, "e3", "c@example.com")));

        assertThat(result).isEqualTo(new Inbox.MapResult(1, 2));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE submission_id = ?", Integer.class, receipt.submissionId())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_pending", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT event_index FROM rejections WHERE submission_id = ?", Integer.class, receipt.submissionId())).isEqualTo(1);
        assertThat(inbox.mapPending(10, stored -> List.of())).as("nothing left to map").isEqualTo(new Inbox.MapResult(0, 0));
    }

    @Test
    void anEventSentAgainInAnotherBatchIsStoredOnce() {
        inbox.store(List.of(deferred("b1", "[1]"), deferred("b2", "[1,2]")));
        inbox.mapPending(10, stored -> stored.body().length == 3 ? List.of(lead(0, "e1", "a@example.com"))
                : List.of(lead(0, "e1", "a@example.com"), lead(1, "e2", "b@example.com")));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT idem_key FROM inbox ORDER BY idem_key", String.class))
                .containsExactly("hook-test:e:e1", "hook-test:e:e2");
    }

    @Test
    void theSameKeyAgainIsADuplicateWithTheEarlierLeads() {
        Receipt first = inbox.store(List.of(new Submission("form-x", "form-x:h:1", "application/json", "{}", new byte[] {1},
                List.of(lead(0, null, "a@example.com"))))).get(0);
        Receipt again = inbox.store(List.of(new Submission("form-x", "form-x:h:1", "application/json", "{}", new byte[] {1},
                List.of(lead(0, null, "a@example.com"))))).get(0);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.submissionId()).isEqualTo(first.submissionId());
        assertThat(again.leadIds()).isEqualTo(first.leadIds()).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isEqualTo(1);
    }

    @Test
    void aFormPostThatIsOneLeadKeepsItsExactBytesOnTheLeadsRowAndItsIdIsTheSubmissionId() {
        Receipt receipt = inbox.store(List.of(new Submission("form-x", "form-x:h:1", "application/x-www-form-urlencoded",
                "{\"user-agent\":\"curl\"}", "email=a%40example.com".getBytes(StandardCharsets.UTF_8),
                // the event is the whole body: no JSON copy of it (payload null), as a web form's
                List.of(new SubmissionEvent.MappedLead(0, null, null, "{\"email\":\"a@example.com\"}", "a@example.com", null, false))))).get(0);

        assertThat(receipt.leadIds()).containsExactly(receipt.submissionId());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submissions", Integer.class)).as("no separate submissions row").isZero();
        assertThat(jdbc.queryForObject("SELECT raw_body FROM inbox WHERE submission_id IS NULL", byte[].class))
                .isEqualTo("email=a%40example.com".getBytes(StandardCharsets.UTF_8));
        LeadRecord.SubmissionInfo submission = new LeadRecords(jdbc).find(receipt.leadIds().get(0)).orElseThrow().submission();
        assertThat(submission.submissionId()).isEqualTo(receipt.submissionId());
        assertThat(submission.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(submission.bytes()).isEqualTo(21);
        assertThat(submission.body()).isEqualTo("email=a%40example.com".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyIsOneSubmissionWhetherItWasKeptAsARejectionOrInlineWithItsLead() {
        Submission rejected = new Submission("form-x", "form-x:h:r", "application/json", "{}", new byte[] {1},
                List.of(new SubmissionEvent.Unmapped(0, "[{\"field\":\"email\",\"message\":\"missing\"}]")));
        Receipt rejection = inbox.store(List.of(rejected)).get(0);
        Receipt accepted = inbox.store(List.of(form("a", "a@example.com"))).get(0);

        Receipt validAfterRejection = inbox.store(List.of(new Submission("form-x", "form-x:h:r", "application/json", "{}",
                new byte[] {2}, List.of(lead(0, null, "r@example.com"))))).get(0);
        Receipt invalidAfterLead = inbox.store(List.of(new Submission("form-x", "form-x:h:a", "application/json", "{}",
                new byte[] {3}, List.of(new SubmissionEvent.Unmapped(0, "[]"))))).get(0);

        assertThat(validAfterRejection.duplicate()).isTrue();
        assertThat(validAfterRejection.submissionId()).isEqualTo(rejection.submissionId());
        assertThat(validAfterRejection.rejectionIds()).isEqualTo(rejection.rejectionIds()).hasSize(1);
        assertThat(validAfterRejection.leadIds()).isEmpty();
        assertThat(invalidAfterLead.duplicate()).isTrue();
        assertThat(invalidAfterLead.submissionId()).isEqualTo(accepted.submissionId());
        assertThat(invalidAfterLead.leadIds()).isEqualTo(accepted.leadIds());
        assertThat(invalidAfterLead.rejectionIds()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejections", Integer.class)).isEqualTo(1);
    }

    @Test
    void oneSubmissionTheDatabaseRefusesDoesNotFailTheOthersCommittedWithIt() throws Exception {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        try (GroupCommitter committer = new GroupCommitter(inbox, 100, 100, committed -> {
            if (commits.incrementAndGet() == 1) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            committer.submit(deferred("first", "{}")).get(10, java.util.concurrent.TimeUnit.SECONDS);
            // The writer now waits after its first commit, so the next two are committed together.
            var good = committer.submit(deferred("good", "{}"));
            var bad = committer.submit(new Submission("hook-test", "hook-test:k:bad", "x/" + "y".repeat(300), "{}", new byte[0], null));
            hold.countDown();
            assertThat(good.get(10, java.util.concurrent.TimeUnit.SECONDS).duplicate()).isFalse();
            assertThat(bad).failsWithin(Duration.ofSeconds(10));
        }
        assertThat(jdbc.queryForList("SELECT idem_key FROM submissions ORDER BY idem_key", String.class))
                .containsExactly("hook-test:k:first", "hook-test:k:good");
    }

    @Test
    void aVendorOutageKeepsTheSubmissionPendingWithBackOffThenGivesUpIntoARejection() {
        inbox.store(List.of(deferred("b1", "{}")));
        AtomicInteger calls = new AtomicInteger();
        List<Inbox.MapResult> results = new ArrayList<>();
        for (int i = 0; i < Inbox.MAX_MAP_ATTEMPTS; i++) {
            results.add(inbox.mapPending(10, stored -> {
                calls.incrementAndGet();
                throw new IllegalStateException("graph API answered 503");
            }));
            assertThat(inbox.mapPending(10, stored -> {
                throw new AssertionError("not due yet");
            })).as("not retried before its back-off").isEqualTo(new Inbox.MapResult(0, 0));
            clock.advance(Duration.ofHours(5));
        }
        assertThat(calls).hasValue(Inbox.MAX_MAP_ATTEMPTS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submission_pending", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT reasons FROM rejections", String.class))
                .contains("gave up after 20 attempts: graph API answered 503");
    }

    @Test
    void aGroupCommitOfNewAndRepeatedSubmissionsAnswersEachAsTheFirstCommitDid() {
        List<Receipt> first = inbox.store(List.of(form("a", "a@example.com"), form("b", "b@example.com")));
        List<Receipt> second = inbox.store(List.of(form("c", "c@example.com"), form("a", "a@example.com"), form("d", "d@example.com"),
                form("c", "c@example.com")));

        assertThat(second).extracting(Receipt::duplicate).containsExactly(false, true, false, true);
        assertThat(second.get(1).submissionId()).isEqualTo(first.get(0).submissionId());
        assertThat(second.get(1).leadIds()).isEqualTo(first.get(0).leadIds());
        assertThat(second.get(3).submissionId()).as("the same key twice in one commit is one submission").isEqualTo(second.get(0).submissionId());
        assertThat(second.get(0).leadIds()).hasSize(1).doesNotContainAnyElementsOf(first.get(0).leadIds());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE raw_body IS NOT NULL", Integer.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM submissions", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_pending", Integer.class)).isEqualTo(4);
    }

    protected static Submission form(String key, String email) {
        return new Submission("form-x", "form-x:h:" + key, "application/json", "{}", key.getBytes(StandardCharsets.UTF_8),
                List.of(lead(0, null, email)));
    }
}
