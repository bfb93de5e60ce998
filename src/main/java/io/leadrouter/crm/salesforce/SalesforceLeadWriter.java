package io.leadrouter.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadrouter.crm.CrmFieldMap;
import io.leadrouter.ledger.OutboxEntry;
import io.leadrouter.ledger.WriteResult;
import io.leadrouter.ledger.WriterBackOffException;
import io.leadrouter.ledger.WriterPausedException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * Writes a batch of outbox entries to Salesforce in one sObject Collections upsert (≤ 200 Leads per call) by
 * the external-id field (our lead id), each with {@code OwnerId}, sending {@code Sforce-Auto-Assign: FALSE}
 * so Salesforce's assignment rule keeps our owner, and {@code Sforce-Call-Options: client=leadrouter} so the change
 * events of our own writes say they came from us. The call goes through camel-salesforce's raw operation, so
 * the component does the login and session renewal and we control the JSON (no nulls that would blank fields).
 */
public class SalesforceLeadWriter implements Function<List<OutboxEntry>, List<WriteResult>> {
    /** The client name our writes carry in {@code Sforce-Call-Options}; Salesforce reports it in change events' {@code changeOrigin}. */
    public static final String CALL_CLIENT = "leadrouter";
    /** Salesforce's limit for one sObject Collections request. */
    public static final int MAX_BATCH = 200;
    static final String NOT_PROVIDED = "[not provided]";
    private static final Set<String> RETRYABLE_CODES = Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED",
            "SERVER_UNAVAILABLE", "API_CURRENTLY_DISABLED", "TXN_SECURITY_METERING_ERROR");
    /**
     * Codes that mean the connection or the org's setup is wrong, not the record: the writer pauses instead of
     * failing records (a missing external-id field, no permission, a disabled API, an invalid session after renewal).
     */
    private static final Set<String> CONFIGURATION_CODES = Set.of("INVALID_SESSION_ID", "INVALID_FIELD",
            "INVALID_FIELD_FOR_INSERT_UPDATE", "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY", "API_DISABLED_FOR_ORG",
            "INVALID_TYPE", "NOT_FOUND", "FUNCTIONALITY_NOT_ENABLED", "INVALID_AUTH_HEADER");
    /** Lead fields Salesforce requires on create: sent as {@value #NOT_PROVIDED} when the lead has no value for them. */
    private static final List<String> REQUIRED = List.of("LastName", "Company");

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String externalIdField;
    private final String endpointUri;
    private final Duration retryDelay;
    private final CrmFieldMap fields;
    private final Duration limitBackoff;

    /** {@code fields}: which Lead field gets which lead value (see {@link #fieldMap}). */
    public SalesforceLeadWriter(ProducerTemplate producer, ObjectMapper json, String apiVersion, String externalIdField,
            Duration retryDelay, Duration limitBackoff, CrmFieldMap fields) {
        this.limitBackoff = limitBackoff;
        this.producer = producer;
        this.fields = fields;
        this.json = json;
        this.externalIdField = externalIdField;
        this.endpointUri = "salesforce:raw?format=JSON&rawMethod=PATCH&rawPath=/services/data/v" + apiVersion
                + "/composite/sobjects/Lead/" + externalIdField;
        this.retryDelay = retryDelay;
    }

    @Override
    public List<WriteResult> apply(List<OutboxEntry> batch) {
        if (batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " Leads per sObject Collections call");
        }
        List<WriteResult> results = new ArrayList<>(batch.size());
        ArrayNode records = json.createArrayNode();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                records.add(record(json.readTree(batch.get(i).payloadJson())));
                sent.add(i);
                results.add(null);
            } catch (IOException e) {
                results.add(new WriteResult.Failed("unreadable outbox payload: " + e.getMessage()));
            }
        }
        if (!sent.isEmpty()) {
            List<WriteResult> answers = send(records, batch.get(sent.get(0)).attempts(), sent.size());
            for (int k = 0; k < sent.size(); k++) {
                results.set(sent.get(k), answers.get(k));
            }
        }
        return results;
    }

    private List<WriteResult> send(ArrayNode records, int earlierAttempts, int count) {
        ObjectNode body = json.createObjectNode().put("allOrNone", false);
        body.set("records", records);
        try {
            String request = json.writeValueAsString(body);
            Exchange answer = producer.request(endpointUri, exchange -> {
                exchange.getMessage().setHeader("Sforce-Auto-Assign", "FALSE");
                // names us in the changeOrigin of the Change Data Capture events our writes cause (source salesforce-cdc)
                exchange.getMessage().setHeader("Sforce-Call-Options", "client=" + CALL_CLIENT);
                exchange.getMessage().setBody(request);
            });
            if (answer.getException() != null) {
                return Collections.nCopies(count, classify(answer.getException(), earlierAttempts));
            }
            return perRecord(answer.getMessage().getBody(InputStream.class), count, earlierAttempts);
        } catch (CamelExecutionException e) {
            return Collections.nCopies(count, classify(e.getCause() == null ? e : e.getCause(), earlierAttempts));
        } catch (IOException e) {
            return Collections.nCopies(count, new WriteResult.RetryLater("unreadable Salesforce answer: " + e.getMessage(),
                    backoff(earlierAttempts)));
        }
    }

    /**
     * Checks the configured Lead field mapping ({@code property}, e.g. {@code leadrouter.crm.salesforce.fields}): the owner
     * and the external-id field are ours to set, every other name must be a Salesforce API name.
     */
    public static CrmFieldMap fieldMap(String property, Map<String, String> configured, String externalIdField) {
        return CrmFieldMap.of(property, configured, "Salesforce Lead field", CrmFieldMap.SALESFORCE_API_NAME,
                Set.of("Id", "OwnerId", externalIdField));
    }

    /**
     * One Lead of the collection: our id as external id, the owner, and the mapped fields that have a value (an absent
     * value is left out, never sent as null); LastName and Company, which Salesforce requires, fall back to
     * {@value #NOT_PROVIDED}.
     */
    ObjectNode record(JsonNode payload) {
        ObjectNode record = json.createObjectNode();
        record.putObject("attributes").put("type", "Lead");
        record.put(externalIdField, payload.path("leadId").asText());
        record.put("OwnerId", payload.path("ownerId").asText());
        fields.values(payload).forEach(record::put);
        for (String required : REQUIRED) {
            if (!record.hasNonNull(required)) {
                record.put(required, NOT_PROVIDED);
            }
        }
        return record;
    }

    private List<WriteResult> perRecord(InputStream response, int count, int earlierAttempts) throws IOException {
        JsonNode results = response == null ? json.missingNode() : json.readTree(response);
        if (!results.isArray() || results.size() != count) {
            return Collections.nCopies(count, new WriteResult.RetryLater(
                    "Salesforce answered " + results.size() + " results for " + count + " records", backoff(earlierAttempts)));
        }
        List<WriteResult> answers = new ArrayList<>(count);
        for (JsonNode result : results) {
            if (result.path("success").asBoolean(false)) {
                answers.add(new WriteResult.Written(result.path("id").asText(null)));
                continue;
            }
            List<String> codes = new ArrayList<>();
            StringBuilder detail = new StringBuilder("Salesforce refused the Lead:");
            for (JsonNode error : result.path("errors")) {
                String code = error.path("statusCode").asText(error.path("errorCode").asText(""));
                codes.add(code);
                detail.append(' ').append(code).append(": ").append(error.path("message").asText());
                if (error.path("fields").size() > 0) {
                    detail.append(" ").append(error.path("fields"));
                }
            }
            if (codes.stream().anyMatch(CONFIGURATION_CODES::contains)) {
                throw new WriterPausedException(detail.toString());
            }
            answers.add(codes.stream().anyMatch(RETRYABLE_CODES::contains)
                    ? new WriteResult.RetryLater(detail.toString(), backoff(earlierAttempts))
                    : new WriteResult.Failed(detail.toString()));
        }
        return answers;
    }

    private WriteResult classify(Throwable failure, int earlierAttempts) {
        if (failure instanceof SalesforceException sf) {
            List<String> codes = errorCodes(sf);
            String detail = "Salesforce " + sf.getStatusCode() + (codes.isEmpty() ? "" : " " + String.join(",", codes))
                    + ": " + sf.getMessage().strip();
            String message = String.valueOf(sf.getMessage());
            if (sf.getStatusCode() == 401 || message.contains("invalid_grant") || message.contains("invalid_client")
                    || codes.stream().anyMatch(CONFIGURATION_CODES::contains)) {
                throw new WriterPausedException(detail);
            }
            if ((sf.getStatusCode() == 403 && codes.contains("REQUEST_LIMIT_EXCEEDED")) || sf.getStatusCode() == 429) {
                // the org's API request limit (24 h rolling): every call would be refused, so the writer stops sending
                throw WriterBackOffException.limit(detail, limitBackoff);
            }
            boolean retryable = sf.getStatusCode() == 0 || sf.getStatusCode() >= 500 || sf.getStatusCode() == 429
                    || codes.stream().anyMatch(RETRYABLE_CODES::contains);
            return retryable ? new WriteResult.RetryLater(detail, backoff(earlierAttempts)) : new WriteResult.Failed(detail);
        }
        return new WriteResult.RetryLater(failure.getClass().getSimpleName() + ": " + failure.getMessage(), backoff(earlierAttempts));
    }

    /** The error codes of a refused request: parsed by the component, or (raw operation) read from the body it quotes. */
    private List<String> errorCodes(SalesforceException failure) {
        if (failure.getErrors() != null && !failure.getErrors().isEmpty()) {
            return failure.getErrors().stream().map(RestError::getErrorCode).toList();
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        int start = message.indexOf('[');
        if (start < 0) {
            return List.of();
        }
        try {
            List<String> codes = new ArrayList<>();
            json.readTree(message.substring(start)).forEach(error -> codes.add(error.path("errorCode").asText()));
            return codes;
        } catch (IOException e) {
            return List.of();
        }
    }

    private Duration backoff(int earlierAttempts) {
        return retryDelay.multipliedBy(1L << Math.min(earlierAttempts, 10));
    }
}
