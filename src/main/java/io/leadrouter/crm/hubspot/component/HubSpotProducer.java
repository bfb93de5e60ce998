package io.leadrouter.crm.hubspot.component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Turns an exchange into one HubSpot operation and HubSpot's answer into the exchange's body and headers. Properties
 * with a null value are never sent: HubSpot would blank the field. Send an empty string to clear a field on purpose.
 */
public class HubSpotProducer extends DefaultAsyncProducer {

    /** HubSpot's documented ceiling for batch inputs. */
    public static final int MAX_BATCH_INPUTS = 100;

    private final HubSpotEndpoint endpoint;
    private final HubSpotConfiguration configuration;

    public HubSpotProducer(HubSpotEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Object> outcome;
        try {
            outcome = call(exchange.getIn());
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        outcome.whenComplete((body, error) -> {
            if (error != null) {
                exchange.setException(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                exchange.getMessage().setBody(body);
            }
            callback.done(false);
        });
        return false;
    }

    private CompletableFuture<Object> call(Message in) throws Exception {
        switch (configuration.getOperation()) {
            case contactsBatchUpsert:
                return contactsBatchUpsert(in);
            case contactRead:
                return contactRead(in);
            case contactUpdate:
                return update(in, "contacts");
            case ownersList:
                return ownersList(in);
            case search:
                return search(in);
            case leadCreate:
                return leadCreate(in);
            case taskCreate:
                return taskCreate(in);
            case taskUpdate:
                return update(in, "tasks");
            default:
                throw new IllegalStateException("unknown operation " + configuration.getOperation());
        }
    }

    private CompletableFuture<Object> contactsBatchUpsert(Message in) throws Exception {
        List<?> body = in.getMandatoryBody(List.class);
        if (body.isEmpty() || body.size() > MAX_BATCH_INPUTS) {
            throw new IllegalArgumentException("contactsBatchUpsert takes 1 to " + MAX_BATCH_INPUTS + " inputs, got " + body.size());
        }
        String idProperty = configuration.getIdProperty();
        List<String> keys = new ArrayList<>();
        List<Map<String, Object>> inputs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            Map<String, Object> properties = properties(body.get(i), "input " + i);
            Object key = properties.get(idProperty);
            if (key == null || key.toString().isBlank()) {
                throw new IllegalArgumentException("input " + i + " has no " + idProperty);
            }
            String keyText = key.toString();
            if (!seen.add(keyText.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("input " + i + " repeats " + idProperty + " of an earlier input;"
                                                   + " HubSpot refuses a batch with duplicate ids");
            }
            keys.add(keyText);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("idProperty", idProperty);
            input.put("id", keyText);
            input.put("properties", properties);
            inputs.add(input);
        }
        return http(in, "POST", objects("contacts") + "/batch/upsert", Map.of("inputs", inputs))
                .thenApply(answer -> batchResult(answer, keys, idProperty));
    }

    private HubSpotBatchResult batchResult(HubSpotHttp.Answer answer, List<String> keys, String idProperty) {
        Map<String, JsonNode> succeeded = new HashMap<>();
        for (JsonNode result : answer.body().path("results")) {
            String key = result.path("properties").path(idProperty).asText(null);
            if (key == null) {
                key = result.path("id").asText();
            }
            succeeded.put(key.toLowerCase(Locale.ROOT), result);
        }
        Map<String, JsonNode> failed = new HashMap<>();
        for (JsonNode error : answer.body().path("errors")) {
            for (JsonNode id : error.path("context").path("ids")) {
                failed.put(id.asText().toLowerCase(Locale.ROOT), error);
            }
        }
        List<HubSpotBatchResult.InputResult> inputs = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String lookup = key.toLowerCase(Locale.ROOT);
            JsonNode error = failed.get(lookup);
            JsonNode result = succeeded.get(lookup);
            if (error != null) {
                inputs.add(new HubSpotBatchResult.InputResult(i, key, null, null, error.path("message").asText("failed"),
                        error.path("category").asText(null)));
            } else if (result != null) {
                Boolean created = result.has("new") ? result.path("new").asBoolean() : null;
                inputs.add(new HubSpotBatchResult.InputResult(i, key, result.path("id").asText(), created, null, null));
            } else {
                inputs.add(new HubSpotBatchResult.InputResult(i, key, null, null,
                        "HubSpot returned neither a result nor an error for this input", null));
            }
        }
        return new HubSpotBatchResult(answer.status(), inputs);
    }

    private CompletableFuture<Object> contactRead(Message in) {
        String id = mandatoryHeader(in, HubSpotConstants.OBJECT_ID);
        StringBuilder path = new StringBuilder(objects("contacts")).append('/').append(encode(id));
        Object wanted = in.getHeader(HubSpotConstants.PROPERTIES);
        if (wanted != null) {
            String list = wanted instanceof Collection<?> c
                    ? c.stream().map(Object::toString).collect(Collectors.joining(","))
                    : wanted.toString();
            path.append("?properties=").append(encode(list));
        }
        return http(in, "GET", path.toString(), null).thenApply(answer -> object(answer.body()));
    }

    private CompletableFuture<Object> update(Message in, String objectType) throws Exception {
        String id = mandatoryHeader(in, HubSpotConstants.OBJECT_ID);
        Map<String, Object> properties = properties(in.getMandatoryBody(Map.class), "body");
        if (properties.isEmpty()) {
            throw new IllegalArgumentException(objectType + " update without any non-null property");
        }
        return http(in, "PATCH", objects(objectType) + "/" + encode(id), Map.of("properties", properties))
                .thenApply(answer -> object(answer.body()));
    }

    private CompletableFuture<Object> ownersList(Message in) {
        List<HubSpotOwner> owners = new ArrayList<>();
        return ownersPage(in, null, owners).thenApply(done -> List.copyOf(owners));
    }

    private CompletableFuture<Void> ownersPage(Message in, String after, List<HubSpotOwner> owners) {
        boolean archived = Boolean.TRUE.equals(in.getHeader(HubSpotConstants.ARCHIVED, Boolean.class));
        String path = owners() + "?limit=" + configuration.getOwnersPageSize() + "&archived=" + archived
                      + (after == null ? "" : "&after=" + encode(after));
        return http(in, "GET", path, null).thenCompose(answer -> {
            for (JsonNode owner : answer.body().path("results")) {
                owners.add(new HubSpotOwner(owner.path("id").asText(),
                        owner.hasNonNull("userId") ? owner.path("userId").asLong() : null,
                        owner.path("email").asText(null), owner.path("firstName").asText(null),
                        owner.path("lastName").asText(null), owner.path("type").asText(null),
                        owner.path("archived").asBoolean(false)));
            }
            String next = answer.body().path("paging").path("next").path("after").asText(null);
            return next == null || next.isEmpty() ? CompletableFuture.completedFuture(null) : ownersPage(in, next, owners);
        });
    }

    private CompletableFuture<Object> search(Message in) throws Exception {
        String objectType = mandatoryHeader(in, HubSpotConstants.OBJECT_TYPE);
        if (!objectType.matches("[A-Za-z0-9_]{1,100}")) {
            throw new IllegalArgumentException("header " + HubSpotConstants.OBJECT_TYPE + " is not an object type: " + objectType);
        }
        Map<?, ?> request = in.getMandatoryBody(Map.class);
        return http(in, "POST", objects(objectType) + "/search", request).thenApply(answer -> {
            List<HubSpotObject> found = new ArrayList<>();
            answer.body().path("results").forEach(result -> found.add(object(result)));
            return List.copyOf(found);
        });
    }

    private CompletableFuture<Object> leadCreate(Message in) throws Exception {
        Map<String, Object> properties = properties(in.getMandatoryBody(Map.class), "body");
        if (properties.get("hs_lead_name") == null) {
            throw new IllegalArgumentException("leadCreate needs the hs_lead_name property");
        }
        String contactId = mandatoryHeader(in, HubSpotConstants.CONTACT_ID);
        putOwner(in, properties);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("properties", properties);
        request.put("associations", List.of(association(contactId, configuration.getLeadToContactAssociationTypeId())));
        return http(in, "POST", objects("leads"), request).thenApply(answer -> object(answer.body()));
    }

    private CompletableFuture<Object> taskCreate(Message in) throws Exception {
        Map<String, Object> properties = properties(in.getMandatoryBody(Map.class), "body");
        if (properties.get("hs_task_subject") == null) {
            throw new IllegalArgumentException("taskCreate needs the hs_task_subject property");
        }
        properties.putIfAbsent("hs_timestamp", Instant.now().toString());
        String contactId = mandatoryHeader(in, HubSpotConstants.CONTACT_ID);
        putOwner(in, properties);
        String queueId = in.getHeader(HubSpotConstants.TASK_QUEUE_ID, String.class);
        if (queueId != null) {
            properties.put("hs_queue_membership_ids", queueId);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("properties", properties);
        request.put("associations", List.of(association(contactId, configuration.getTaskToContactAssociationTypeId())));
        return http(in, "POST", objects("tasks"), request).thenApply(answer -> object(answer.body()));
    }

    /** Owner assignment takes the owner id (owners API {@code id}); HubSpot rejects a user id here. */
    private static void putOwner(Message in, Map<String, Object> properties) {
        String ownerId = in.getHeader(HubSpotConstants.OWNER_ID, String.class);
        if (ownerId != null) {
            properties.put("hubspot_owner_id", ownerId);
        }
    }

    private static Map<String, Object> association(String toId, int associationTypeId) {
        return Map.of("to", Map.of("id", toId),
                "types", List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", associationTypeId)));
    }

    private CompletableFuture<HubSpotHttp.Answer> http(Message in, String method, String path, Object body) {
        return endpoint.http().call(method, path, body).thenApply(answer -> {
            Message out = in.getExchange().getMessage();
            out.setHeader(HubSpotConstants.STATUS_CODE, answer.status());
            copyLong(answer, "X-HubSpot-RateLimit-Max", out, HubSpotConstants.RATE_LIMIT_MAX);
            copyLong(answer, "X-HubSpot-RateLimit-Remaining", out, HubSpotConstants.RATE_LIMIT_REMAINING);
            copyLong(answer, "X-HubSpot-RateLimit-Interval-Milliseconds", out, HubSpotConstants.RATE_LIMIT_INTERVAL_MILLISECONDS);
            copyLong(answer, "X-HubSpot-RateLimit-Daily", out, HubSpotConstants.RATE_LIMIT_DAILY);
            copyLong(answer, "X-HubSpot-RateLimit-Daily-Remaining", out, HubSpotConstants.RATE_LIMIT_DAILY_REMAINING);
            answer.headers().firstValue("X-HubSpot-Correlation-Id")
                    .ifPresent(id -> out.setHeader(HubSpotConstants.CORRELATION_ID, id));
            return answer;
        });
    }

    private static void copyLong(HubSpotHttp.Answer answer, String httpHeader, Message out, String header) {
        answer.headers().firstValueAsLong(httpHeader).ifPresent(value -> out.setHeader(header, value));
    }

    private String objects(String objectType) {
        String version = configuration.getApiVersion();
        return isNumbered(version) ? "/crm/" + version + "/objects/" + objectType : "/crm/objects/" + version + "/" + objectType;
    }

    private String owners() {
        String version = configuration.getApiVersion();
        return isNumbered(version) ? "/crm/" + version + "/owners" : "/crm/owners/" + version;
    }

    private static boolean isNumbered(String version) {
        return version.startsWith("v");
    }

    private static HubSpotObject object(JsonNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(),
                e.getValue().isNull() ? null : e.getValue().asText()));
        return new HubSpotObject(node.path("id").asText(null), properties, node.path("archived").asBoolean(false));
    }

    /** A property map without nulls, values as HubSpot expects them: multi-select collections joined with ';'. */
    private static Map<String, Object> properties(Object source, String what) {
        if (!(source instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a Map of HubSpot property names to values, got "
                                               + (source == null ? "null" : source.getClass().getName()));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            Object sent;
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                sent = value;
            } else if (value instanceof Collection<?> values) {
                sent = values.stream().filter(java.util.Objects::nonNull).map(Object::toString).collect(Collectors.joining(";"));
            } else {
                sent = value.toString();
            }
            properties.put(name.toString(), sent);
        });
        return properties;
    }

    private static String mandatoryHeader(Message in, String name) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("header " + name + " is required for this operation");
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
