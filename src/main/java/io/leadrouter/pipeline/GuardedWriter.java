package io.leadrouter.pipeline;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import io.leadrouter.ledger.WriterBackOffException;
import io.leadrouter.ledger.WriterPausedException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One CRM's writer behind its own Resilience4j rate limiter (set to the org's API limits) and circuit breaker, so a
 * CRM outage or a limit never slows another CRM: over the limit the batch waits for a permit (at most
 * {@code maxWait}); while the breaker is open the CRM is not called and the writer waits (a
 * {@link WriterBackOffException}: no record counts an attempt, so an outage never uses up attempts while the CRM is
 * not even called). Outages count against the breaker (a batch answered only "retry later"); per-record refusals and
 * successes count as successful calls; a paused writer (bad credentials) and a CRM limit pass through untouched. Every
 * call and failure is counted in {@link WriteBackMetrics}.
 */
public final class GuardedWriter implements Function<List<OutboxEntry>, List<WriteResult>> {
    private final Function<List<OutboxEntry>, List<WriteResult>> writer;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final Duration retryDelay;
    private final String crm;
    private final Duration openFor;
    private volatile WriteBackMetrics metrics;

    /**
     * @param callsPerSecond the CRM calls this writer may make per second (0 = unlimited)
     * @param openFor        how long the breaker stays open after failures before a trial call
     */
    public GuardedWriter(String crm, Function<List<OutboxEntry>, List<WriteResult>> writer, int callsPerSecond, Duration maxWait,
            Duration openFor, Duration retryDelay) {
        // one permit every 1/n s rather than n per second: never more than n calls in any second, no bursts at the edges
        this(crm, writer, callsPerSecond <= 0 ? 0 : 1, Duration.ofNanos(1_000_000_000L / Math.max(1, callsPerSecond)), maxWait,
                openFor, retryDelay);
    }

    GuardedWriter(String crm, Function<List<OutboxEntry>, List<WriteResult>> writer, int callsPerPeriod, Duration period,
            Duration maxWait, Duration openFor, Duration retryDelay) {
        this.writer = writer;
        this.retryDelay = retryDelay;
        this.crm = crm;
        this.openFor = openFor;
        this.limiter = callsPerPeriod <= 0 ? null : RateLimiter.of(crm + "-writer", RateLimiterConfig.custom()
                .limitForPeriod(callsPerPeriod).limitRefreshPeriod(period).timeoutDuration(maxWait).build());
        this.breaker = CircuitBreaker.of(crm + "-writer", CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof CrmOutage).ignoreExceptions(WriterPausedException.class, WriterBackOffException.class)
                .build());
    }

    /** Counts this writer's calls and failures from now on. */
    public GuardedWriter metrics(WriteBackMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /**
     * How many entries to hand this writer at once: {@code max} while the breaker is closed, one while it is open or
     * half-open, so the trial calls during an outage use up one entry's attempt each, not a whole batch's.
     */
    public int batchSize(int max) {
        return breaker.getState() == CircuitBreaker.State.CLOSED ? max : 1;
    }

    /** The breaker's state, for health and the admin API: CLOSED, OPEN or HALF_OPEN. */
    public String circuitState() {
        return breaker.getState().name();
    }

    @Override
    public List<WriteResult> apply(List<OutboxEntry> batch) {
        if (limiter != null && !limiter.acquirePermission()) {
            count(null, "rate_limiter");
            throw WriterBackOffException.notCalled("over this CRM's rate limit; waiting", Duration.ofSeconds(1));
        }
        try {
            List<WriteResult> results = breaker.executeSupplier(() -> {
                List<WriteResult> answers = writer.apply(batch);
                if (!answers.isEmpty() && answers.stream().allMatch(WriteResult.RetryLater.class::isInstance)) {
                    throw new CrmOutage(answers);
                }
                return answers;
            });
            count(results.stream().allMatch(WriteResult.Written.class::isInstance) ? "ok" : "partial", null);
            results.stream().filter(WriteResult.Failed.class::isInstance).forEach(r -> count(null, "refused"));
            return results;
        } catch (CrmOutage outage) {
            count("outage", "outage");
            return outage.results;
        } catch (CallNotPermittedException open) {
            count(null, "circuit_open");
            throw WriterBackOffException.notCalled("circuit open after repeated CRM failures; the CRM is not called for "
                    + openFor.toMillis() + " ms", openFor);
        } catch (WriterPausedException e) {
            count("paused", "auth");
            throw e;
        } catch (WriterBackOffException e) {
            count(e.isLimit() ? "limited" : null, e.isLimit() ? "limit" : "not_called");
            throw e;
        } catch (RuntimeException e) {
            count("error", "exception");
            throw e;
        }
    }

    private void count(String callOutcome, String errorKind) {
        WriteBackMetrics m = metrics;
        if (m == null) {
            return;
        }
        if (callOutcome != null) {
            m.call(crm, callOutcome);
        }
        if (errorKind != null) {
            m.error(crm, errorKind);
        }
    }

    /** A batch the CRM could not take at all (outage, limits): counted by the breaker, results passed on. */
    private static final class CrmOutage extends RuntimeException {
        private final transient List<WriteResult> results;

        CrmOutage(List<WriteResult> results) {
            super("every record of the batch is to be retried", null, false, false);
            this.results = results;
        }
    }
}
