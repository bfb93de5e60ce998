package io.leadrouter.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * Writes one outbox entry to Salesforce: upsert of the Lead by the external-id field (our lead id) with
 * {@code OwnerId}, sending {@code Sforce-Auto-Assign: FALSE} so Salesforce's assignment rule keeps our owner.
 */
public class SalesforceLeadWriter implements Function<OutboxEntry, WriteResult> {
    static final String NOT_PROVIDED = "[not provided]";
    private static final Set<String> RETRYABLE_CODES =
            Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "API_CURRENTLY_DISABLED");

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String endpointUri;
    private final Duration retryDelay;

    public SalesforceLeadWriter(ProducerTemplate producer, ObjectMapper json, String externalIdField, Duration retryDelay) {
        this.producer = producer;
        this.json = json;
        this.endpointUri = "salesforce:upsertSObject?sObjectName=Lead&sObjectIdName=" + externalIdField + "&rawPayload=true";
        this.retryDelay = retryDelay;
    }

    @Override
    public WriteResult apply(OutboxEntry entry) {
        JsonNode payload;
        try {
            payload = json.readTree(entry.payloadJson());
        } catch (IOException e) {
            return new WriteResult.Failed("unreadable outbox payload: " + e.getMessage());
        }
        try {
            String body = json.writeValueAsString(leadFields(payload));
            Exchange answer = producer.request(endpointUri, exchange -> {
                exchange.getMessage().setHeader(SalesforceEndpointConfig.SOBJECT_EXT_ID_VALUE, entry.leadId());
                exchange.getMessage().setHeader("Sforce-Auto-Assign", "FALSE");
                exchange.getMessage().setBody(body);
            });
            if (answer.getException() != null) {
                return classify(answer.getException(), entry.attempts());
            }
            return new WriteResult.Written(recordId(answer.getMessage().getBody(String.class)));
        } catch (CamelExecutionException e) {
            return classify(e.getCause() == null ? e : e.getCause(), entry.attempts());
        } catch (IOException e) {
            return new WriteResult.Failed("cannot build the Salesforce request: " + e.getMessage());
        }
    }

    /** The Lead's fields as Salesforce names them; Salesforce requires LastName and Company. */
    static Map<String, Object> leadFields(JsonNode payload) {
        JsonNode lead = payload.path("lead");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("OwnerId", payload.path("ownerId").asText());
        putIfPresent(fields, "FirstName", lead.path("firstName"));
        fields.put("LastName", text(lead.path("lastName"), NOT_PROVIDED));
        putIfPresent(fields, "Email", lead.path("email"));
        putIfPresent(fields, "Phone", lead.path("phone"));
        fields.put("Company", text(lead.path("company"), NOT_PROVIDED));
        putIfPresent(fields, "Title", lead.path("title"));
        putIfPresent(fields, "Country", lead.path("country"));
        putIfPresent(fields, "Description", lead.path("message"));
        putIfPresent(fields, "LeadSource", lead.path("sourceId"));
        return fields;
    }

    private WriteResult classify(Throwable failure, int earlierAttempts) {
        Duration backoff = retryDelay.multipliedBy(1L << Math.min(earlierAttempts, 10));
        if (failure instanceof SalesforceException sf) {
            String codes = sf.getErrors() == null ? "" : String.join(",", sf.getErrors().stream().map(RestError::getErrorCode).toList());
            String detail = "Salesforce " + sf.getStatusCode() + (codes.isEmpty() ? "" : " " + codes) + ": " + sf.getMessage();
            boolean retryable = sf.getStatusCode() == 0 || sf.getStatusCode() >= 500 || sf.getStatusCode() == 429
                    || sf.getErrors() != null && sf.getErrors().stream().anyMatch(e -> RETRYABLE_CODES.contains(e.getErrorCode()));
            return retryable ? new WriteResult.RetryLater(detail, backoff) : new WriteResult.Failed(detail);
        }
        return new WriteResult.RetryLater(failure.getClass().getSimpleName() + ": " + failure.getMessage(), backoff);
    }

    private String recordId(String response) throws IOException {
        if (response == null || response.isBlank()) {
            return null;
        }
        return json.readTree(response).path("id").asText(null);
    }

    private static void putIfPresent(Map<String, Object> fields, String name, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            fields.put(name, value.asText());
        }
    }

    private static String text(JsonNode value, String fallback) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : fallback;
    }
}
