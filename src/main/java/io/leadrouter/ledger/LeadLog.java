package io.leadrouter.ledger;

import java.util.Collection;
import org.slf4j.MDC;

/**
 * The lead being handled, in the logging context (SLF4J MDC): every log line written meanwhile carries it — a
 * {@code leadId} field in JSON logs ({@code logging.structured.format.console=ecs|logstash}), {@code lead=<id>} in
 * plain text. Scopes nest: an inner scope for the same lead changes nothing, and closing restores the outer value.
 */
public final class LeadLog {
    /** MDC key of the lead id; a batch of several leads is {@link #LEAD_IDS}. */
    public static final String LEAD_ID = "leadId";
    public static final String LEAD_IDS = "leadIds";

    private LeadLog() {
    }

    /** An MDC scope closed by try-with-resources, without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Puts {@code leadId} in the MDC until the scope closes. */
    public static Scope lead(String leadId) {
        return put(LEAD_ID, leadId);
    }

    /** A batch: one lead is {@link #LEAD_ID}; several are listed under {@link #LEAD_IDS} (comma-separated). */
    public static Scope leads(Collection<String> leadIds) {
        if (leadIds.size() == 1) {
            return lead(leadIds.iterator().next());
        }
        return put(LEAD_IDS, String.join(",", leadIds));
    }

    private static Scope put(String key, String value) {
        String before = MDC.get(key);
        if (value == null || value.equals(before)) {
            return () -> { };
        }
        MDC.put(key, value);
        return before == null ? () -> MDC.remove(key) : () -> MDC.put(key, before);
    }
}
