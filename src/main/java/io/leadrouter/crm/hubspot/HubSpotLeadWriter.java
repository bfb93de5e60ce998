package io.leadrouter.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.crm.CrmFieldMap;
import io.leadrouter.crm.hubspot.component.HubSpotApiException;
import io.leadrouter.crm.hubspot.component.HubSpotAuthenticationException;
import io.leadrouter.crm.hubspot.component.HubSpotBatchResult;
import io.leadrouter.crm.hubspot.component.HubSpotConstants;
import io.leadrouter.crm.hubspot.component.HubSpotRateLimitException;
import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import io.leadrouter.ledger.WriterBackOffException;
import io.leadrouter.ledger.WriterPausedException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Writes a batch of outbox entries to HubSpot through the {@code hubspot:} component: one contacts batch upsert by email
 * (≤ 100 per call) carrying our lead id and, for a push, {@code hubspot_owner_id}; a lead waiting in a pull queue
 * becomes an unassigned task in the queue's HubSpot task queue, associated with its contact.
 */
public class HubSpotLeadWriter implements Function<List<OutboxEntry>, List<WriteResult>> {
    /** HubSpot's limit for one batch call. */
    public static final int MAX_BATCH = 100;
    static final String UPSERT = "hubspot:contactsBatchUpsert?idProperty=email";
    static final String TASK = "hubspot:taskCreate";

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String leadIdProperty;
    private final Duration retryDelay;
    private final Clock clock;
    private final CrmFieldMap fields;

    /** {@code fields}: which contact property gets which lead value (see {@link #fieldMap}). */
    public HubSpotLeadWriter(ProducerTemplate producer, ObjectMapper json, String leadIdProperty, Duration retryDelay,
            Clock clock, CrmFieldMap fields) {
        this.producer = producer;
        this.fields = fields;
        this.json = json;
        this.leadIdProperty = leadIdProperty;
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    @Override
    public List<WriteResult> apply(List<OutboxEntry> batch) {
        if (batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " contacts per batch upsert");
        }
        List<WriteResult> results = new ArrayList<>(Collections.nCopies(batch.size(), null));
        List<Map<String, Object>> inputs = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        List<JsonNode> payloads = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            OutboxEntry entry = batch.get(i);
            JsonNode payload;
            try {
                payload = json.readTree(entry.payloadJson());
            } catch (IOException e) {
                results.set(i, new WriteResult.Failed("unreadable outbox payload: " + e.getMessage()));
                continue;
            }
            String email = text(payload.path("lead").path("email"));
            if (email == null) {
                results.set(i, new WriteResult.Failed("the lead has no email; HubSpot contacts are upserted by email"));
            } else if (!emails.add(email.toLowerCase(Locale.ROOT))) {
                results.set(i, new WriteResult.RetryLater("the same contact is written by another lead of this batch",
                        retryDelay));
            } else {
                inputs.add(contact(payload, email));
                sent.add(i);
                payloads.add(payload);
            }
        }
        if (!inputs.isEmpty()) {
            List<WriteResult> answers = upsert(inputs, payloads, batch.get(sent.get(0)).attempts());
            for (int k = 0; k < sent.size(); k++) {
                results.set(sent.get(k), answers.get(k));
            }
        }
        return results;
    }

    /**
     * Checks the configured contact property mapping ({@code property}, e.g. {@code leadrouter.crm.hubspot.fields}): the
     * upsert key, the owner and our lead id property are ours to set, every other name must be a HubSpot property name.
     */
    public static CrmFieldMap fieldMap(String property, Map<String, String> configured, String leadIdProperty) {
        return CrmFieldMap.of(property, configured, "HubSpot contact property", CrmFieldMap.HUBSPOT_PROPERTY_NAME,
                Set.of("email", "hubspot_owner_id", leadIdProperty));
    }

    /** The contact's properties: our lead id, the owner for a push, and the mapped fields that have a value (never null). */
    Map<String, Object> contact(JsonNode payload, String email) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("email", email);
        properties.putAll(fields.values(payload));
        properties.put(leadIdProperty, payload.path("leadId").asText());
        if (queueOf(payload) == null) {
            properties.put("hubspot_owner_id", payload.path("ownerId").asText());
        }
        return properties;
    }

    private List<WriteResult> upsert(List<Map<String, Object>> inputs, List<JsonNode> payloads, int earlierAttempts) {
        Exchange answer = producer.request(UPSERT, exchange -> exchange.getMessage().setBody(inputs));
        if (answer.getException() != null) {
            HubSpotRateLimitException limit = rateLimit(answer.getException());
            if (limit != null) {
                // every call would be refused until the window (or the day) is over: the writer stops sending
                throw WriterBackOffException.limit(limit.getMessage(), limitWait(limit, earlierAttempts));
            }
            return Collections.nCopies(inputs.size(), classify(answer.getException(), earlierAttempts));
        }
        HubSpotBatchResult result = answer.getMessage().getBody(HubSpotBatchResult.class);
        if (result == null || result.inputs().size() != inputs.size()) {
            return Collections.nCopies(inputs.size(), new WriteResult.RetryLater("HubSpot answered "
                    + (result == null ? "no" : result.inputs().size()) + " results for " + inputs.size() + " contacts",
                    backoff(earlierAttempts)));
        }
        List<WriteResult> answers = new ArrayList<>(inputs.size());
        for (HubSpotBatchResult.InputResult input : result.inputs()) {
            if (!input.succeeded()) {
                answers.add(new WriteResult.Failed("HubSpot refused the contact"
                        + (input.category() == null ? "" : " (" + input.category() + ")") + ": " + input.error()));
                continue;
            }
            JsonNode payload = payloads.get(input.index());
            String queue = queueOf(payload);
            answers.add(queue == null ? new WriteResult.Written(input.id()) : task(payload, input.id(), queue, earlierAttempts));
        }
        return answers;
    }

    /** A pull: an unassigned task in the queue's task queue, on the contact. Written = the contact id. */
    private WriteResult task(JsonNode payload, String contactId, String taskQueueId, int earlierAttempts) {
        JsonNode lead = payload.path("lead");
        Map<String, Object> properties = new LinkedHashMap<>();
        String name = String.join(" ", nonBlank(text(lead.path("firstName")), text(lead.path("lastName"))));
        properties.put("hs_task_subject", "New lead" + (name.isEmpty() ? "" : ": " + name)
                + (text(lead.path("company")) == null ? "" : " (" + text(lead.path("company")) + ")"));
        String message = text(lead.path("message"));
        if (message != null) {
            properties.put("hs_task_body", message);
        }
        properties.put("hs_task_type", "TODO");
        properties.put("hs_task_status", "NOT_STARTED");
        properties.put("hs_timestamp", clock.instant().toString());
        Exchange answer = producer.request(TASK, exchange -> {
            exchange.getMessage().setHeader(HubSpotConstants.CONTACT_ID, contactId);
            exchange.getMessage().setHeader(HubSpotConstants.TASK_QUEUE_ID, taskQueueId);
            exchange.getMessage().setBody(properties);
        });
        if (answer.getException() != null) {
            WriteResult failed = classify(answer.getException(), earlierAttempts);
            return failed;
        }
        return new WriteResult.Written(contactId);
    }

    /** For a lead waiting in a pull queue, the HubSpot task queue representing it (the write's owner); null for a push. */
    private static String queueOf(JsonNode payload) {
        return text(payload.path("queueId")) == null ? null : text(payload.path("ownerId"));
    }

    private WriteResult classify(Throwable failure, int earlierAttempts) {
        Throwable cause = failure;
        while (!(cause instanceof HubSpotApiException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof HubSpotAuthenticationException auth) {
            throw new WriterPausedException(auth.getMessage() + "; check leadrouter.crm.hubspot.token (or the OAuth client)");
        }
        if (cause instanceof HubSpotRateLimitException limit) {
            return new WriteResult.RetryLater(limit.getMessage(), limitWait(limit, earlierAttempts));
        }
        if (cause instanceof HubSpotApiException api) {
            if (api.getStatusCode() == 403) {
                throw new WriterPausedException(api.getMessage() + "; grant the app the crm.objects.contacts.write scope"
                        + " (and tasks for pull queues)");
            }
            return new WriteResult.RetryLater(api.getMessage(), backoff(earlierAttempts));
        }
        return new WriteResult.RetryLater(cause.getClass().getSimpleName() + ": " + cause.getMessage(), backoff(earlierAttempts));
    }

    private Duration limitWait(HubSpotRateLimitException limit, int earlierAttempts) {
        return limit.getRetryAfter().orElse(limit.isDaily() ? untilMidnightUtc() : backoff(earlierAttempts));
    }

    private static HubSpotRateLimitException rateLimit(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HubSpotRateLimitException limit) {
                return limit;
            }
        }
        return null;
    }

    /**
     * HubSpot resets the daily limit at midnight in the account's time zone, which the API does not tell; the next
     * midnight UTC is the hint used (one try a day per entry instead of burning attempts on a closed door).
     */
    private Duration untilMidnightUtc() {
        Instant now = clock.instant();
        Instant midnight = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, midnight).plus(1, ChronoUnit.MINUTES);
    }

    private Duration backoff(int earlierAttempts) {
        return retryDelay.multipliedBy(1L << Math.min(earlierAttempts, 10));
    }

    private static List<String> nonBlank(String... values) {
        List<String> kept = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                kept.add(value);
            }
        }
        return kept;
    }

    private static String text(JsonNode value) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
    }
}
