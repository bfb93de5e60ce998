package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.Assign;
import io.leadrouter.distribution.Decision;
import io.leadrouter.distribution.Queue;
import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.LeadLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's own metrics in Micrometer (Prometheus at /actuator/prometheus): leads received and rejected per
 * source, intake outcomes, decisions per rule and strategy, submit→decided latency, queue depth and oldest age, SLA
 * breaches. Tags come from the policy and the source catalog; a rejection's reason is its first field, bounded.
 */
public class LeadMetrics implements Inbox.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(LeadMetrics.class);
    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,40}");
    private static final int MAX_REASONS = 50;
    /** Queue gauges read the database at most this often, so a scrape every few seconds costs one query per queue. */
    private static final Duration QUEUE_STATS_TTL = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final Set<String> sources;
    private final Set<String> reasons = ConcurrentHashMap.newKeySet();
    /** Counters by name and tag values: registering one builds and looks up a meter id, too much for every request. */
    private final java.util.Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer decided;

    public LeadMetrics(MeterRegistry registry, ObjectMapper json, Set<String> sources) {
        this.registry = registry;
        this.json = json;
        this.sources = Set.copyOf(sources);
        this.decided = Timer.builder("leadrouter.lead.decided")
                .description("Time from a lead's submission to its first decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        // counters that exist from the start read 0 rather than missing, so rate() and alerts see their first event
        for (String source : this.sources) {
            received(source).increment(0);
        }
        for (String kind : List.of("claim-expired", "step-ran-out")) {
            breaches(kind).increment(0);
        }
    }

    private Counter received(String source) {
        return counter("leadrouter.leads.received", "Leads stored, per source", "source", source);
    }

    private Counter breaches(String kind) {
        return counter("leadrouter.sla.breaches", "SLA breaches: untouched claims expired, ladder steps run out", "kind", kind);
    }

    /** Gauges of each policy queue's waiting leads and its oldest waiting lead's age, read from the ledger. */
    public void watchQueues(List<Queue> queues, LeadLedger ledger, Clock clock) {
        for (Queue queue : queues) {
            CachedStats stats = new CachedStats(queue.id(), ledger, clock);
            Gauge.builder("leadrouter.queue.depth", stats, s -> s.get().waiting())
                    .description("Leads waiting in a pull queue").tag("queue", queue.id()).register(registry);
            Gauge.builder("leadrouter.queue.oldest.age", stats, s -> {
                        Instant oldest = s.get().oldestWaiting();
                        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
                    })
                    .description("Age of the oldest lead waiting in a pull queue").baseUnit("seconds").tag("queue", queue.id())
                    .register(registry);
        }
    }

    @Override
    public void stored(String sourceId, int leads, List<String> rejectionReasonsJson) {
        String source = source(sourceId);
        if (leads > 0) {
            received(source).increment(leads);
        }
        for (String reasonsJson : rejectionReasonsJson) {
            counter("leadrouter.leads.rejected", "Submissions kept as rejections, per source and first failing field",
                    "source", source, "reason", reason(reasonsJson)).increment();
        }
    }

    /** One intake request's outcome (accepted, duplicate, rejected, refused-*, unavailable). */
    public void intake(String sourceId, IntakeOutcome outcome) {
        String kind;
        if (outcome instanceof IntakeOutcome.Accepted) {
            kind = "accepted";
        } else if (outcome instanceof IntakeOutcome.Duplicate) {
            kind = "duplicate";
        } else if (outcome instanceof IntakeOutcome.Rejected) {
            kind = "rejected";
        } else if (outcome instanceof IntakeOutcome.Refused refused) {
            kind = "refused-" + refused.refusal().name().toLowerCase(Locale.ROOT).replace('_', '-');
        } else {
            kind = "unavailable";
        }
        counter("leadrouter.intake.requests", "Intake requests per source and outcome", "source", source(sourceId), "outcome", kind)
                .increment();
    }

    /** A committed decision; {@code first}: the lead's first (its submission→decided time is recorded). */
    public void decided(Decision decision, Instant receivedAt, boolean first) {
        counter("leadrouter.decisions", "Decisions per rule, strategy and outcome",
                "rule", decision.ruleId() == null ? "none" : decision.ruleId(), "strategy", strategy(decision),
                "outcome", Decision.kind(decision)).increment();
        if (first && receivedAt != null) {
            decided.record(Duration.between(receivedAt, decision.decidedAt()).abs());
        }
    }

    /** The counter {@code name} with these tag key/value pairs, registered once and then taken from the cache. */
    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + '|' + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** A committed SLA breach: {@code claim-expired} or {@code step-ran-out}. */
    public void breached(String kind) {
        breaches(kind).increment();
    }

    private static String strategy(Decision decision) {
        if (decision instanceof Assign assign) {
            return assign.strategy();
        }
        return switch (Decision.kind(decision)) {
            case "enqueue" -> "pull";
            case "offer" -> "offer";
            default -> "none";
        };
    }

    private String source(String sourceId) {
        return sourceId != null && sources.contains(sourceId) ? sourceId : "unknown";
    }

    /** The first failing field of a rejection, as a bounded tag value. */
    private String reason(String reasonsJson) {
        String field = "unknown";
        try {
            JsonNode reasons = json.readTree(reasonsJson);
            JsonNode first = reasons.isArray() && !reasons.isEmpty() ? reasons.get(0) : reasons;
            String candidate = first.path("field").asText("");
            if (TAG_VALUE.matcher(candidate).matches()) {
                field = candidate;
            }
        } catch (Exception e) {
            LOG.debug("rejection reasons are not JSON", e);
        }
        if (reasons.contains(field) || (reasons.size() < MAX_REASONS && reasons.add(field))) {
            return field;
        }
        return "other";
    }

    /** A queue's stats, read again when older than {@link #QUEUE_STATS_TTL}; the last value while the database is down. */
    private static final class CachedStats {
        private final String queueId;
        private final LeadLedger ledger;
        private final Clock clock;
        private volatile LeadLedger.QueueStats value = new LeadLedger.QueueStats(0, 0, null);
        private volatile Instant readAt = Instant.MIN;

        CachedStats(String queueId, LeadLedger ledger, Clock clock) {
            this.queueId = queueId;
            this.ledger = ledger;
            this.clock = clock;
        }

        synchronized LeadLedger.QueueStats get() {
            Instant now = clock.instant();
            if (readAt.plus(QUEUE_STATS_TTL).isBefore(now)) {
                readAt = now;
                try {
                    value = ledger.queueStats(queueId);
                } catch (RuntimeException e) {
                    LOG.debug("queue {} stats unavailable: {}", queueId, e.toString());
                }
            }
            return value;
        }
    }
}
