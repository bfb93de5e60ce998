package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import io.leadrouter.ledger.WriterBackOffException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    void overTheRateLimitTheCrmIsNotCalledAndTheWriterWaitsWithoutCountingAnAttempt() {
        AtomicInteger calls = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GuardedWriter guarded = new GuardedWriter("salesforce", batch -> {
            calls.incrementAndGet();
            return Collections.nCopies(batch.size(), new WriteResult.Written("00Q1"));
        }, 2, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(30), RETRY).metrics(new WriteBackMetrics(registry));

        assertThat(guarded.apply(BATCH)).allMatch(WriteResult.Written.class::isInstance);
        assertThat(guarded.apply(BATCH)).allMatch(WriteResult.Written.class::isInstance);
        assertThatThrownBy(() -> guarded.apply(BATCH)).isInstanceOfSatisfying(WriterBackOffException.class, e -> {
            assertThat(e.isLimit()).as("nothing was sent: not the CRM's limit").isFalse();
            assertThat(e.getMessage()).contains("rate limit");
        });

        assertThat(calls).hasValue(2);
        assertThat(registry.get("leadrouter.crm.calls").tags("crm", "salesforce", "outcome", "ok").counter().count()).isEqualTo(2);
        assertThat(registry.get("leadrouter.crm.errors").tags("crm", "salesforce", "kind", "rate_limiter").counter().count())
                .isEqualTo(1);
    }

    @Test
    void theRateLimitSpreadsCallsEvenlyOverTheSecond() {
        AtomicInteger calls = new AtomicInteger();
        GuardedWriter guarded = new GuardedWriter("salesforce", batch -> {
            calls.incrementAndGet();
            return Collections.nCopies(batch.size(), new WriteResult.Written("00Q1"));
        }, 4, Duration.ZERO, Duration.ofSeconds(30), RETRY);
        int sent = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            try {
                guarded.apply(BATCH);
                sent++;
            } catch (WriterBackOffException over) {
                assertThat(over.isLimit()).isFalse();
            }
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(calls).as("4 per second is one permit every 250 ms, not 4 at once (%d ms)", elapsedMs).hasValue(sent)
                .hasValueLessThanOrEqualTo(2 + (int) (elapsedMs / 250));
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
        for (int i = 0; i < 5; i++) {
            answers.add(guarded.apply(BATCH));
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).allMatch(WriteResult.RetryLater.class::isInstance));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guarded.apply(BATCH)).as("while open the CRM is not called and no attempt is used up")
                    .isInstanceOfSatisfying(WriterBackOffException.class, e -> {
                        assertThat(e.isLimit()).isFalse();
                        assertThat(e.getMessage()).contains("circuit open");
                        assertThat(e.waitFor()).isEqualTo(Duration.ofMillis(200));
                    });
        }
        assertThat(calls).as("the breaker opens after 5 failed calls").hasValue(5);
        assertThat(guarded.circuitState()).isEqualTo("OPEN");

        down.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                return guarded.apply(BATCH).get(0) instanceof WriteResult.Written;
            } catch (WriterBackOffException stillOpen) {
                return false;
            }
        });
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
