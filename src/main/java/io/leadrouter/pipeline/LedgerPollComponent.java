package io.leadrouter.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel component {@code ledger-poll:<stage>?delay=<ms>[&linger=<ms>&batch=<n>&concurrency=<n>]}: the consumer that drives a ledger
 * stage (decide, sweep, map, write to a CRM) as a Camel route. Each poll hands the route an empty exchange; the route
 * claims a batch from the ledger (SKIP LOCKED, so replicas split the work), does the stage's work and leaves how many
 * items it handled as the body. While work is found the consumer polls again at once (greedy); when none is found it
 * waits until {@link #wake(String)} (after a commit that queued work) or {@code delay} (the sweep for work nobody
 * announced). A failing poll is logged once per streak (one line when the database is unreachable) and again
 * when the stage works again, never once per poll; the thread comes from Camel's executor manager.
 *
 * <p>Batching without latency ({@code linger}, {@code batch}): an idle stage runs at once when woken, so a lone item
 * goes out without waiting. Only when a run handled more than one item but less than a full {@code batch} — work is
 * arriving faster than it is handled — does the next run wait, at most {@code linger} ms, and less once this
 * instance has announced a full batch ({@link #wake(String, int)}), so a burst goes out in few, full batches.
 *
 * <p>Overlap ({@code concurrency}): a stage whose step mostly waits on a remote call (a CRM writer) may run up to
 * {@code concurrency} steps at once on as many consumer threads. One thread answers a wake-up; a step that took a full
 * {@code batch} wakes one more ({@link #wake(String)} before its remote call, or the consumer after the run), so extra
 * threads join only while a backlog exists and a trickle stays one thread with full linger batching. The step must be safe to run concurrently (the ledger's claims are: SKIP LOCKED leases).
 */
public class LedgerPollComponent extends DefaultComponent {
    private final Map<String, PollEndpoint> endpoints = new ConcurrentHashMap<>();

    /** Asks the stage to look for work now; cheap, safe from any thread, a no-op for an unknown stage. */
    public void wake(String stage) {
        wake(stage, 1);
    }

    /** Asks the stage to look for work now, announcing {@code items} new items (ends a linger once a batch is full). */
    public void wake(String stage, int items) {
        PollEndpoint endpoint = endpoints.get(stage);
        if (endpoint != null) {
            endpoint.announced.addAndGet(Math.max(items, 0));
            endpoint.wake();
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PollEndpoint endpoint = new PollEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoints.put(remaining, endpoint);
        return endpoint;
    }

    /**
     * One stage's endpoint; {@code delay} is the idle sweep interval in milliseconds, {@code linger} the longest wait
     * (ms) for a batch to fill while work streams in (0 = never wait), {@code batch} the items of a full batch.
     */
    public static final class PollEndpoint extends DefaultEndpoint {
        private final String stage;
        private final Semaphore wakeUps = new Semaphore(0);
        private final AtomicLong announced = new AtomicLong();
        private long delay = 1000;
        private long linger;
        private int batch;
        private int concurrency = 1;

        PollEndpoint(String uri, LedgerPollComponent component, String stage) {
            super(uri, component);
            this.stage = stage;
        }

        public long getDelay() {
            return delay;
        }

        public void setDelay(long delay) {
            this.delay = delay;
        }

        public long getLinger() {
            return linger;
        }

        public void setLinger(long linger) {
            this.linger = Math.max(0, linger);
        }

        public int getBatch() {
            return batch;
        }

        public void setBatch(int batch) {
            this.batch = Math.max(0, batch);
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = Math.max(1, concurrency);
        }

        void wake() {
            if (wakeUps.availablePermits() == 0) {
                wakeUps.release();
            }
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("ledger-poll only starts routes; wake a stage with LedgerPollComponent.wake");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new PollConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }

    private static final class PollConsumer extends DefaultConsumer {
        private static final Logger LOG = LoggerFactory.getLogger(LedgerPollComponent.class);
        private final PollEndpoint endpoint;
        /** Failed polls in a row; the first of a streak is logged, the end of it too, nothing in between. */
        private int failures;
        private long failingSince;
        private volatile boolean running;
        private ExecutorService executor;

        PollConsumer(PollEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
            this.endpoint = endpoint;
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            running = true;
            executor = endpoint.getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "ledger-poll-" + endpoint.stage, endpoint.concurrency);
            for (int i = 0; i < endpoint.concurrency; i++) {
                executor.submit(this::loop);
            }
        }

        @Override
        protected void doStop() throws Exception {
            running = false;
            endpoint.wakeUps.release(endpoint.concurrency);
            if (executor != null) {
                endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, TimeUnit.SECONDS.toMillis(30));
                executor = null;
            }
            super.doStop();
        }

        /**
         * A failed poll: the first of a streak goes to the exception handler (with its stack trace) or, when the
         * database is unreachable, is one line; the ones after it are debug only, so an outage logs once per stage.
         */
        private synchronized void failed(Exchange exchange, Throwable failure) {
            failures++;
            if (failures > 1) {
                LOG.debug("stage {} failed again ({} in a row): {}", endpoint.stage, failures, failure.toString());
                return;
            }
            failingSince = System.nanoTime();
            if (io.leadrouter.ledger.StorageUnavailableException.isCause(failure)) {
                LOG.warn("stage {} paused: the database is unavailable ({}); retrying every {} ms, logged again when it works",
                        endpoint.stage, io.leadrouter.ledger.StorageUnavailableException.rootMessage(failure), endpoint.delay);
            } else {
                getExceptionHandler().handleException("stage " + endpoint.stage + " failed (logged once until it works again)",
                        exchange, failure);
            }
        }

        private synchronized void succeeded() {
            if (failures > 0) {
                LOG.info("stage {} works again after {} failed poll(s) in {} s", endpoint.stage, failures,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSince));
                failures = 0;
            }
        }

        private void loop() {
            while (running && isRunAllowed()) {
                int handled = 0;
                endpoint.announced.set(0);
                Exchange exchange = createExchange(false);
                try {
                    getProcessor().process(exchange);
                    if (exchange.getException() != null) {
                        failed(exchange, exchange.getException());
                    } else {
                        Integer count = exchange.getMessage().getBody(Integer.class);
                        handled = count == null ? 0 : count;
                        succeeded();
                    }
                } catch (Exception e) {
                    failed(exchange, e);
                } finally {
                    releaseExchange(exchange, false);
                }
                if (handled > 0 && handled >= endpoint.batch && endpoint.concurrency > 1) {
                    // a full batch: more is likely waiting, so an idle sibling joins in
                    endpoint.wake();
                }
                try {
                    if (handled == 0 && running) {
                        endpoint.wakeUps.tryAcquire(endpoint.delay, TimeUnit.MILLISECONDS);
                        collapseWakeUps();
                    } else if (handled > 1 && handled < endpoint.batch && endpoint.linger > 0 && running) {
                        linger();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Waits until a full batch was announced, or {@code linger} ms have passed. */
        private void linger() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.linger);
            long left;
            while (running && endpoint.announced.get() < endpoint.batch && (left = deadline - System.nanoTime()) > 0) {
                endpoint.wakeUps.tryAcquire(left, TimeUnit.NANOSECONDS);
            }
            collapseWakeUps();
        }

        /**
         * Wake-ups that came while this run worked are answered by it. With several threads nothing is drained: a
         * wake-up left over is one sibling's run (wake() keeps at most about one), and a stop wakes every thread.
         */
        private void collapseWakeUps() {
            if (endpoint.concurrency == 1) {
                endpoint.wakeUps.drainPermits();
            }
        }
    }
}
