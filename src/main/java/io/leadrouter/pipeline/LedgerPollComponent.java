package io.leadrouter.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Camel component {@code ledger-poll:<stage>?delay=<ms>}: the consumer that drives a ledger stage (decide, sweep,
 * map, write to a CRM) as a Camel route. Each poll hands the route an empty exchange; the route claims a batch from
 * the ledger (SKIP LOCKED, so replicas split the work), does the stage's work and leaves how many items it handled
 * as the body. While work is found the consumer polls again at once (greedy); when none is found it waits until
 * {@link #wake(String)} (after a commit that queued work) or {@code delay} (the sweep for work nobody announced).
 * Failures go to the route's error handler; the thread comes from Camel's executor manager.
 */
public class LedgerPollComponent extends DefaultComponent {
    private final Map<String, PollEndpoint> endpoints = new ConcurrentHashMap<>();

    /** Asks the stage to look for work now; cheap, safe from any thread, a no-op for an unknown stage. */
    public void wake(String stage) {
        PollEndpoint endpoint = endpoints.get(stage);
        if (endpoint != null) {
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

    /** One stage's endpoint; {@code delay} is the idle sweep interval in milliseconds. */
    public static final class PollEndpoint extends DefaultEndpoint {
        private final String stage;
        private final Semaphore wakeUps = new Semaphore(0);
        private long delay = 1000;

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
        private final PollEndpoint endpoint;
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
            executor = endpoint.getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "ledger-poll-" + endpoint.stage);
            executor.submit(this::loop);
        }

        @Override
        protected void doStop() throws Exception {
            running = false;
            endpoint.wake();
            if (executor != null) {
                endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, TimeUnit.SECONDS.toMillis(30));
                executor = null;
            }
            super.doStop();
        }

        private void loop() {
            while (running && isRunAllowed()) {
                int handled = 0;
                Exchange exchange = createExchange(false);
                try {
                    getProcessor().process(exchange);
                    if (exchange.getException() != null) {
                        getExceptionHandler().handleException("stage " + endpoint.stage + " failed", exchange, exchange.getException());
                    } else {
                        Integer count = exchange.getMessage().getBody(Integer.class);
                        handled = count == null ? 0 : count;
                    }
                } catch (Exception e) {
                    getExceptionHandler().handleException("stage " + endpoint.stage + " failed", exchange, e);
                } finally {
                    releaseExchange(exchange, false);
                }
                if (handled == 0 && running) {
                    try {
                        endpoint.wakeUps.tryAcquire(endpoint.delay, TimeUnit.MILLISECONDS);
                        endpoint.wakeUps.drainPermits();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
