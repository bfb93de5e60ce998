package io.leadrouter.testing;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For tests that run several replicas without Camel: drains one ledger queue on its own thread, runs {@code step}
 * while it finds work, then waits until woken
 * or until {@code idle} passes (the sweep that finds work nobody announced, e.g. after a crash).
 */
public final class QueueWorker {
    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

    private final String name;
    private final IntSupplier step;
    private final Duration idle;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public QueueWorker(String name, IntSupplier step, Duration idle) {
        this.name = name;
        this.step = step;
        this.idle = idle;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the worker to look for work now. Cheap; safe from any thread. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Finishes the current step and stops. */
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            wakeUps.release();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void run() {
        while (running) {
            int done;
            try {
                done = step.getAsInt();
            } catch (RuntimeException e) {
                LOG.error("{}: step failed; retrying after {}", name, idle, e);
                done = 0;
            }
            if (done == 0 && running) {
                try {
                    wakeUps.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
