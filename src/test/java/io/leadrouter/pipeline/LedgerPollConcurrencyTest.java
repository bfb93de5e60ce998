package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code concurrency}: while full batches wait, up to that many steps of one stage run at once (a CRM writer overlaps
 * its calls); never more.
 */
class LedgerPollConcurrencyTest {
    private static final int BATCH = 10;
    private final LedgerPollComponent component = new LedgerPollComponent();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger handled = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private DefaultCamelContext camel;

    private void start(int concurrency) throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("ledger-poll", component);
        camel.addRoutes(new LedgerStageRoutes(List.of(new LedgerStage("writer", () -> {
            int taken = Math.min(BATCH, waiting.getAndUpdate(n -> n - Math.min(BATCH, n)));
            if (taken == 0) {
                return 0;
            }
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (taken == BATCH) {
                // as the CRM writers do once they leased a full batch, before their call
                component.wake("writer");
            }
            try {
                // the "CRM call": held until the test has seen how many run at once
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            handled.addAndGet(taken);
            return taken;
        }, Duration.ofMinutes(10), Duration.ZERO, BATCH, concurrency))));
        camel.start();
    }

    @AfterEach
    void stop() {
        answer.countDown();
        camel.stop();
    }

    @Test
    void aBacklogIsWorkedByAsManyStepsAtOnceAsConfiguredAndNoMore() throws Exception {
        start(3);
        waiting.set(20 * BATCH);
        component.wake("writer", 20 * BATCH);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 3);
        answer.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 20 * BATCH);
        assertThat(mostAtOnce.get()).isEqualTo(3);
    }

    @Test
    void oneStepAtATimeByDefault() throws Exception {
        start(1);
        waiting.set(5 * BATCH);
        component.wake("writer", 5 * BATCH);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
        answer.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 5 * BATCH);
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }
}
