package io.leadrouter.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WireMock playing HubSpot's CRM API at the wire: {@code GET /crm/v3/objects/contacts/{id}} answers a contact the way
 * HubSpot documents it ({@code id}, {@code properties}, {@code createdAt}, {@code updatedAt}, {@code archived}), or
 * HubSpot's 404 error body for a contact that does not exist. Only requests with the test token are answered.
 * {@link #acceptWrites()} adds the write-back calls: the contacts batch upsert by email (200 with every input, or 207
 * with HubSpot's per-input error for a {@link #refuse refused} email) and task creation, as HubSpot documents them.
 */
public final class FakeHubSpot {
    public static final String TOKEN = "pat-na1-test-0000-hubspot-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String UPSERT = "/crm/objects/2026-03/contacts/batch/upsert";
    public static final String TASKS = "/crm/objects/2026-03/tasks";
    private static final String BATCH_UPSERT = "hubspot-batch-upsert";

    private final WireMockServer server;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    private FakeHubSpot() {
        this.server = new WireMockServer(options().dynamicPort().extensions(new BatchUpsert()));
    }

    public WireMockServer server() {
        return server;
    }

    /** Answers contacts batch upserts and task creation (with the test token); call again after {@link #reset()}. */
    public void acceptWrites() {
        server.stubFor(WireMock.post(urlPathEqualTo(UPSERT)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withTransformers(BATCH_UPSERT)));
        server.stubFor(WireMock.post(urlPathEqualTo(TASKS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBody("{\"id\":\"90001\",\"properties\":{\"hs_task_subject\":\"New lead\"},"
                                + "\"createdAt\":\"2026-11-29T10:00:00.000Z\",\"updatedAt\":\"2026-11-29T10:00:00.000Z\","
                                + "\"archived\":false}")));
    }

    /** HubSpot refuses the contact with this email in a batch (207) with a VALIDATION_ERROR carrying {@code message}. */
    public void refuse(String email, String message) {
        refused.put(email.toLowerCase(Locale.ROOT), message);
    }

    /** The contact id this fake gives an email. */
    public static String contactId(String email) {
        return String.valueOf(1_000_000L + Math.floorMod(email.toLowerCase(Locale.ROOT).hashCode(), 1_000_000));
    }

    /** Every batch upsert input (idProperty, id, properties) received, in order. */
    public List<JsonNode> upsertedInputs() {
        List<JsonNode> inputs = new ArrayList<>();
        server.findAll(WireMock.postRequestedFor(urlPathEqualTo(UPSERT))).forEach(r -> {
            try {
                JSON.readTree(r.getBodyAsString()).path("inputs").forEach(inputs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return inputs;
    }

    /** Every task creation request body received. */
    public List<JsonNode> createdTasks() {
        List<JsonNode> tasks = new ArrayList<>();
        server.findAll(WireMock.postRequestedFor(urlPathEqualTo(TASKS))).forEach(r -> {
            try {
                tasks.add(JSON.readTree(r.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return tasks;
    }

    private ResponseDefinition batchUpsert(ServeEvent event) {
        try {
            JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
            ObjectNode body = JSON.createObjectNode().put("status", "COMPLETE");
            ArrayNode results = body.putArray("results");
            ArrayNode errors = JSON.createArrayNode();
            for (JsonNode input : request.path("inputs")) {
                String email = input.path("id").asText();
                String refusal = refused.get(email.toLowerCase(Locale.ROOT));
                if (refusal != null) {
                    ObjectNode error = errors.addObject().put("status", "error").put("category", "VALIDATION_ERROR")
                            .put("message", refusal);
                    error.putObject("context").putArray("ids").add(email);
                    error.putArray("errors");
                    continue;
                }
                ObjectNode result = results.addObject().put("id", contactId(email));
                result.set("properties", input.path("properties").deepCopy());
                result.put("createdAt", "2026-11-29T10:00:00.000Z").put("updatedAt", "2026-11-29T10:00:00.000Z")
                        .put("archived", false).put("new", true);
            }
            if (!errors.isEmpty()) {
                body.put("numErrors", errors.size());
                body.set("errors", errors);
            }
            body.put("startedAt", "2026-11-29T10:00:00.000Z").put("completedAt", "2026-11-29T10:00:00.100Z");
            return ResponseDefinitionBuilder.responseDefinition().withStatus(errors.isEmpty() ? 200 : 207)
                    .withHeader("Content-Type", "application/json;charset=utf-8").withBody(JSON.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WireMock extension that answers the batch upsert stub from this fake's state. */
    private final class BatchUpsert implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            return batchUpsert(event);
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return BATCH_UPSERT;
        }
    }

    public static FakeHubSpot start() {
        FakeHubSpot fake = new FakeHubSpot();
        fake.server.start();
        return fake;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public void reset() {
        server.resetAll();
        refused.clear();
    }

    /** HubSpot holds contact {@code id} with these properties (plus the ones HubSpot always returns). */
    public void contact(long id, Map<String, String> properties) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("createdate", "2026-11-29T18:00:00.000Z");
        all.put("hs_object_id", String.valueOf(id));
        all.put("lastmodifieddate", "2026-11-29T18:00:05.000Z");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", String.valueOf(id));
        body.put("properties", all);
        body.put("createdAt", "2026-11-29T18:00:00.000Z");
        body.put("updatedAt", "2026-11-29T18:00:05.000Z");
        body.put("archived", false);
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/" + id))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBody(JSON.writeValueAsString(body))));
    }

    /** Contact {@code id} does not exist: HubSpot's documented 404 error body. */
    public void missing(long id) {
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/" + id))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withBody("{\"status\":\"error\",\"message\":\"resource not found\","
                                + "\"correlationId\":\"7a1e3f36-1c25-4d8a-9b1e-3a1f1b2c3d4e\",\"category\":\"OBJECT_NOT_FOUND\"}")));
    }

    /** HubSpot's documented 429 for the secondly limit, with its X-HubSpot-RateLimit-* headers. */
    public void rateLimited(long id) {
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/" + id))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json;charset=utf-8")
                        .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
                        .withHeader("X-HubSpot-RateLimit-Max", "100").withHeader("X-HubSpot-RateLimit-Remaining", "0")
                        .withBody("{\"status\":\"error\",\"message\":\"You have reached your secondly limit.\","
                                + "\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"c033cdaa-2c40-4a64-ae48-b4cec88dad24\","
                                + "\"policyName\":\"SECONDLY\"}")));
    }

    /** HubSpot fails with {@code status} and an empty body (a gateway error). */
    public void failing(long id, int status) {
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/" + id)).willReturn(aResponse().withStatus(status)));
    }

    /** How many times contact {@code id} was read. */
    public int reads(long id) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/" + id))).size();
    }
}
