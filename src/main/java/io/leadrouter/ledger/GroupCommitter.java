package io.leadrouter.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the inbox: callers hand in submissions and wait; one writer thread commits everything that
 * queued up meanwhile in a single transaction, then completes each caller's receipt. No caller is answered
 * before its row is committed, and under load one commit serves hundreds of requests.
 */
public class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private record Pending(Submission submission, CompletableFuture<Receipt> receipt) {
    }

    private final Inbox inbox;
    private final int maxBatch;
    private final Consumer<List<Submission>> afterCommit;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean running = true;
    /** While the database is unreachable: since when (logged once per outage), and when it was last tried. */
    private java.time.Instant unavailableSince;
    private long lastAttempt;
    /** How long after a failed attempt further submissions are refused at once instead of trying again. */
    private static final long FAST_FAIL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    public GroupCommitter(Inbox inbox, int maxBatch, int maxQueued, Consumer<List<Submission>> afterCommit) {
        this.inbox = inbox;
        this.maxBatch = maxBatch;
        this.afterCommit = afterCommit;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.writer = new Thread(this::run, "inbox-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues a submission; the future completes once it is durable, or fails if it could not be stored. */
    public CompletableFuture<Receipt> submit(Submission submission) {
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        if (!running) {
            receipt.completeExceptionally(new IllegalStateException("intake is shutting down"));
        } else if (!queue.offer(new Pending(submission, receipt))) {
            receipt.completeExceptionally(new IllegalStateException("intake queue is full"));
        }
        return receipt;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.receipt().completeExceptionally(new IllegalStateException("intake is shutting down"));
        }
    }

    private void commit(List<Pending> batch) {
        List<Receipt> receipts;
        if (unavailableSince != null && System.nanoTime() - lastAttempt < FAST_FAIL_NANOS) {
            // the database was unreachable a moment ago: answer 503 now rather than each batch waiting for the pool
            StorageUnavailableException down = new StorageUnavailableException("the database is unavailable", null);
            batch.forEach(p -> p.receipt().completeExceptionally(down));
            return;
        }
        lastAttempt = System.nanoTime();
        try {
            receipts = inbox.store(batch.stream().map(Pending::submission).toList());
        } catch (RuntimeException e) {
            if (StorageUnavailableException.isCause(e)) {
                // not this batch's fault: all of it fails fast, logged once until the database is back
                if (unavailableSince == null) {
                    unavailableSince = java.time.Instant.now();
                    LOG.warn("database unavailable: intake answers 503 (not acknowledged) until it is back; {}",
                            StorageUnavailableException.rootMessage(e));
                }
                StorageUnavailableException down = new StorageUnavailableException("the database is unavailable", e);
                batch.forEach(p -> p.receipt().completeExceptionally(down));
                return;
            }
            if (batch.size() > 1) {
                // One submission the database refuses must not fail the others committed with it: each alone.
                LOG.warn("a group commit of {} submissions failed ({}); committing them one by one", batch.size(), e.getClass().getSimpleName());
                batch.forEach(p -> commit(List.of(p)));
                return;
            }
            LOG.error("could not commit a submission to the inbox; it is answered with 503", e);
            batch.forEach(p -> p.receipt().completeExceptionally(e));
            return;
        }
        if (unavailableSince != null) {
            LOG.info("database available again after {}: intake acknowledges again",
                    java.time.Duration.between(unavailableSince, java.time.Instant.now()));
            unavailableSince = null;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).receipt().complete(receipts.get(i));
        }
        try {
            afterCommit.accept(batch.stream().map(Pending::submission).toList());
        } catch (RuntimeException e) {
            LOG.warn("after-commit hand-off failed; the pending sweep will pick the leads up", e);
        }
    }

    /** Stops accepting, commits what is queued, and waits for the writer to finish. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
