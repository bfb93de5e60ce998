package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-CRM rate limit and circuit breaker around a writer. */
class GuardedWriterTest {
    private static final List<OutboxEntry> BATCH = List.of(new OutboxEntry(1, "lead-1", "salesforce", "{}", 0),
            new OutboxEntry(2, "lead-2", "salesforce", "{}", 0));
    private static final Duration RETRY = Duration.ofSeconds(30);

    @Test
    void overTheRateLimitTheCrmIsNotCalledAndTheBatchWaits() {
        AtomicInteger calls = new AtomicInteger();
        GuardedWriter guarded = new GuardedWriter("salesforce", batch -> {
            calls.incrementAndGet();
            return Collections.nCopies(batch.size(), new WriteResult.Written("00Q1"));
        }, 2, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(30), RETRY);

        assertThat(guarded.apply(BATCH)).allMatch(WriteResult.Written.class::isInstance);
        assertThat(guarded.apply(BATCH)).allMatch(WriteResult.Written.class::isInstance);
        List<WriteResult> third = guarded.apply(BATCH);

        assertThat(calls).hasValue(2);
        assertThat(third).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(WriteResult.RetryLater.class,
                later -> assertThat(later.detail()).contains("rate limit")));
    }

    @Test
    void repeatedOutagesOpenTheCircuitAndATrialCallClosesItAgain() {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        GuardedWriter guarded = new GuardedWriter("hubspot", batch -> {
            calls.incrementAndGet();
            return Collections.nCopies(batch.size(), down.get() ? new WriteResult.RetryLater("HubSpot 503", RETRY)
                    : new WriteResult.Written("101"));
        }, 0, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(200), RETRY);

        List<List<WriteResult>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(guarded.apply(BATCH));
        }
        assertThat(calls).as("the breaker opens after 5 failed calls").hasValue(5);
        assertThat(guarded.circuitState()).isEqualTo("OPEN");
        assertThat(answers.get(7).get(0)).isInstanceOfSatisfying(WriteResult.RetryLater.class,
                r -> assertThat(r.detail()).contains("circuit open"));

        down.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> guarded.apply(BATCH).get(0) instanceof WriteResult.Written);
        assertThat(guarded.circuitState()).isEqualTo("CLOSED");
    }

    @Test
    void perRecordRefusalsAreSuccessfulCallsForTheBreaker() {
        AtomicInteger calls = new AtomicInteger();
        GuardedWriter guarded = new GuardedWriter("salesforce", batch -> {
            calls.incrementAndGet();
            return List.of(new WriteResult.Failed("REQUIRED_FIELD_MISSING"), new WriteResult.Written("00Q2"));
        }, 0, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(30), RETRY);
        for (int i = 0; i < 10; i++) {
            guarded.apply(BATCH);
        }
        assertThat(calls).hasValue(10);
        assertThat(guarded.circuitState()).isEqualTo("CLOSED");
    }
}
