package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger-poll consumer's batching: a lone item goes at once; while items stream in, a run waits for a fuller batch. */
class LedgerPollComponentTest {
    private static final int BATCH = 100;
    private static final long LINGER_MS = 2000;

    /** One run of the stage: when it started (ms since the test began) and how many items it took. */
    record Run(long startedMs, int handled) {
    }

    private final AtomicInteger waiting = new AtomicInteger();
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final LedgerPollComponent component = new LedgerPollComponent();
    private final long start = System.nanoTime();
    private DefaultCamelContext camel;

    @BeforeEach
    void startStage() throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("ledger-poll", component);
        camel.addRoutes(new LedgerStageRoutes(List.of(new LedgerStage("writer", () -> {
            int taken = Math.min(BATCH, waiting.getAndUpdate(n -> n - Math.min(BATCH, n)));
            runs.add(new Run((System.nanoTime() - start) / 1_000_000, taken));
            return taken;
        }, Duration.ofMinutes(10), Duration.ofMillis(LINGER_MS), BATCH))));
        camel.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !runs.isEmpty());
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private void arrive(int items) {
        waiting.addAndGet(items);
        component.wake("writer", items);
    }

    @Test
    void aLoneItemGoesOutAtOnceWithoutWaitingForTheSweep() {
        int before = runs.size();
        arrive(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.stream().skip(before).anyMatch(r -> r.handled() == 1));
        // the sweep is 10 minutes away: only the wake-up can have run it; a run of one item does not linger either
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= before + 2);
        assertThat(runs.subList(before, before + 2)).extracting(Run::handled).containsExactly(1, 0);
    }

    @Test
    void whileItemsStreamInARunWaitsForAFullBatchAndNoLongerThanTheLinger() {
        int before = runs.size();
        arrive(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= before + 2);
        Run partial = runs.get(before);
        Run next = runs.get(before + 1);
        assertThat(partial.handled()).isEqualTo(3);
        assertThat(next.handled()).isZero();
        assertThat(next.startedMs() - partial.startedMs()).as("after a partial batch the next run lingers").isGreaterThanOrEqualTo(LINGER_MS);

        int mark = runs.size();
        arrive(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= mark + 1);
        long lingerFrom = runs.get(mark).startedMs();
        arrive(BATCH);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= mark + 2);
        Run full = runs.get(mark + 1);
        assertThat(full.handled()).as("the burst goes out as one full batch").isEqualTo(BATCH);
        assertThat(full.startedMs() - lingerFrom).as("a full batch announced ends the linger early").isLessThan(LINGER_MS);
    }
}
