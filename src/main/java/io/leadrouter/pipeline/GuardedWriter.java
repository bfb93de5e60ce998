package io.leadrouter.pipeline;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import io.leadrouter.ledger.WriterPausedException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One CRM's writer behind its own Resilience4j rate limiter (set to the org's API limits) and circuit breaker, so a
 * CRM outage or a limit never slows another CRM: over the limit the batch waits for a permit (at most
 * {@code maxWait}, then it is retried later); while the breaker is open the CRM is not called and the batch is
 * retried later. Outages count against the breaker (a batch answered only "retry later"); per-record refusals and
 * successes count as successful calls; a paused writer (bad credentials) passes through untouched.
 */
public final class GuardedWriter implements Function<List<OutboxEntry>, List<WriteResult>> {
    private final Function<List<OutboxEntry>, List<WriteResult>> writer;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final Duration retryDelay;

    /**
     * @param callsPerSecond the CRM calls this writer may make per second (0 = unlimited)
     * @param openFor        how long the breaker stays open after failures before a trial call
     */
    public GuardedWriter(String crm, Function<List<OutboxEntry>, List<WriteResult>> writer, int callsPerSecond, Duration maxWait,
            Duration openFor, Duration retryDelay) {
        this(crm, writer, callsPerSecond, Duration.ofSeconds(1), maxWait, openFor, retryDelay);
    }

    GuardedWriter(String crm, Function<List<OutboxEntry>, List<WriteResult>> writer, int callsPerPeriod, Duration period,
            Duration maxWait, Duration openFor, Duration retryDelay) {
        this.writer = writer;
        this.retryDelay = retryDelay;
        this.limiter = callsPerPeriod <= 0 ? null : RateLimiter.of(crm + "-writer", RateLimiterConfig.custom()
                .limitForPeriod(callsPerPeriod).limitRefreshPeriod(period).timeoutDuration(maxWait).build());
        this.breaker = CircuitBreaker.of(crm + "-writer", CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof CrmOutage).ignoreExceptions(WriterPausedException.class)
                .build());
    }

    /** The breaker's state, for health and the admin API: CLOSED, OPEN or HALF_OPEN. */
    public String circuitState() {
        return breaker.getState().name();
    }

    @Override
    public List<WriteResult> apply(List<OutboxEntry> batch) {
        if (limiter != null && !limiter.acquirePermission()) {
            return Collections.nCopies(batch.size(), new WriteResult.RetryLater("over this CRM's rate limit; waiting", retryDelay));
        }
        try {
            return breaker.executeSupplier(() -> {
                List<WriteResult> results = writer.apply(batch);
                if (!results.isEmpty() && results.stream().allMatch(WriteResult.RetryLater.class::isInstance)) {
                    throw new CrmOutage(results);
                }
                return results;
            });
        } catch (CrmOutage outage) {
            return outage.results;
        } catch (CallNotPermittedException open) {
            return Collections.nCopies(batch.size(), new WriteResult.RetryLater(
                    "circuit open after repeated CRM failures; the CRM is not called until " + breaker.getCircuitBreakerConfig()
                            .getWaitIntervalFunctionInOpenState().apply(1) + " ms have passed", retryDelay));
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
