package io.leadrouter.pipeline;

import io.leadrouter.ledger.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Micrometer meters of the CRM write-back, tagged {@code crm}: {@code leadrouter.crm.calls} (outcome: ok, partial,
 * outage, paused, limited, error), {@code leadrouter.crm.errors} (kind: outage, auth, limit, refused, retry, exception,
 * circuit_open, rate_limiter), {@code leadrouter.crm.rate.limited} (the CRM's 429 / 403 REQUEST_LIMIT_EXCEEDED),
 * {@code leadrouter.crm.records} (result: written, dead_letter, retry, released), {@code leadrouter.crm.dead.letters};
 * gauges {@code leadrouter.crm.writer.paused}, {@code leadrouter.crm.writer.limited} (1/0),
 * {@code leadrouter.crm.circuit.state} (0 closed, 1 half-open, 2 open) and {@code leadrouter.crm.outbox.depth}; the
 * timer {@code leadrouter.crm.written}: a lead's submission → its write recorded WRITTEN (a later re-write of the lead,
 * after a reassignment, counts from the same submission), a percentile histogram like {@code leadrouter.lead.decided}.
 */
public final class WriteBackMetrics implements Outbox.Listener {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> written = new ConcurrentHashMap<>();

    public WriteBackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One CRM call (a batch) and how it ended. */
    public void call(String crm, String outcome) {
        counter("leadrouter.crm.calls", "CRM calls made by the write-back, by outcome", crm, "outcome", outcome).increment();
    }

    /** A failure of {@code kind}; {@code limit}: the CRM answered that its API limit is reached (429, 403). */
    public void error(String crm, String kind) {
        counter("leadrouter.crm.errors", "write-back failures by kind", crm, "kind", kind).increment();
        if ("limit".equals(kind)) {
            counter("leadrouter.crm.rate.limited", "CRM answers that its API limit is reached (429, 403 REQUEST_LIMIT_EXCEEDED)",
                    crm, null, null).increment();
        }
    }

    @Override
    public void recorded(String crm, String outcome, int count) {
        counter("leadrouter.crm.records", "outbox entries by what became of them", crm, "result", outcome).increment(count);
        if ("dead_letter".equals(outcome)) {
            counter("leadrouter.crm.dead.letters", "CRM writes refused for good (dead letters)", crm, null, null).increment(count);
        } else if ("retry".equals(outcome)) {
            counter("leadrouter.crm.errors", "write-back failures by kind", crm, "kind", "retry").increment(count);
        }
    }

    @Override
    public void written(String crm, List<Duration> sinceReceived) {
        Timer timer = written.computeIfAbsent(crm, c -> Timer.builder("leadrouter.crm.written")
                .description("Time from a lead's submission to its CRM write being recorded WRITTEN")
                .tag("crm", c)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
        for (Duration time : sinceReceived) {
            timer.record(time);
        }
    }

    /** Registers the gauges of {@code crms}: paused, limited, circuit state and outbox depth, read when scraped. */
    public void gauges(List<String> crms, Outbox outbox, Supplier<Map<String, String>> circuits) {
        // the registry holds a gauge's object weakly: the suppliers here are held strongly so they are never collected
        for (String crm : crms) {
            // present at 0 from the start, so increase() and alerts see the first dead letter or limit answer
            counter("leadrouter.crm.dead.letters", "CRM writes refused for good (dead letters)", crm, null, null);
            counter("leadrouter.crm.rate.limited", "CRM answers that its API limit is reached (429, 403 REQUEST_LIMIT_EXCEEDED)",
                    crm, null, null);
            Gauge.builder("leadrouter.crm.writer.paused", outbox, o -> state(o, crm, false)).tag("crm", crm).strongReference(true)
                    .description("1 while the CRM's writer is paused (bad credentials, missing field or permission)").register(registry);
            Gauge.builder("leadrouter.crm.writer.limited", outbox, o -> state(o, crm, true)).tag("crm", crm).strongReference(true)
                    .description("1 while the CRM's API limit stops its writer").register(registry);
            Gauge.builder("leadrouter.crm.outbox.depth", outbox, o -> fromLedger(() -> o.depth(crm))).tag("crm", crm).strongReference(true)
                    .description("CRM writes waiting in the outbox").register(registry);
            Gauge.builder("leadrouter.crm.circuit.state", circuits, c -> circuitValue(c.get().get(crm))).tag("crm", crm).strongReference(true)
                    .description("the writer's circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
        }
    }

    private static double state(Outbox outbox, String crm, boolean limited) {
        return fromLedger(() -> {
            Outbox.Pause pause = outbox.pause(crm);
            return pause != null && pause.limited() == limited ? 1 : 0;
        });
    }

    /**
     * A gauge read from the ledger; NaN (no sample) while the database cannot answer. The outage is reported by
     * readiness and logged once by the stages: a scrape must neither fail nor log a stack trace for it.
     */
    private static double fromLedger(java.util.function.DoubleSupplier read) {
        try {
            return read.getAsDouble();
        } catch (org.springframework.dao.DataAccessException e) {
            return Double.NaN;
        }
    }

    private static double circuitValue(String state) {
        if (state == null || "CLOSED".equals(state)) {
            return 0;
        }
        return "OPEN".equals(state) || "FORCED_OPEN".equals(state) ? 2 : 1;
    }

    private Counter counter(String name, String description, String crm, String tag, String value) {
        String key = name + '|' + crm + '|' + value;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).description(description).tag("crm", crm);
            if (tag != null) {
                builder.tag(tag, value);
            }
            return builder.register(registry);
        });
    }
}
