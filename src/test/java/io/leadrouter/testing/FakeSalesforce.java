package io.leadrouter.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock playing Salesforce at the wire: the OAuth token endpoint, and sObject Collections upsert of Leads by
 * external id with Salesforce's semantics (first write of an id creates, later ones update; one result per
 * record, in order; per-record refusals for chosen emails). Recorded error bodies live under salesforce/.
 */
public final class FakeSalesforce {
    public static final String API = "/services/data/v59.0";
    public static final String EXTERNAL_ID = "LeadRouter_Id__c";
    public static final String UPSERT = API + "/composite/sobjects/Lead/" + EXTERNAL_ID;
    private static final String NAME = "salesforce-collections-upsert";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Map<String, List<JsonNode>> recordsByLead = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private volatile java.time.Instant outageUntil = java.time.Instant.MIN;

    private FakeSalesforce() {
        this.server = new WireMockServer(options().dynamicPort().extensions(new CollectionsUpsert()));
    }

    public static FakeSalesforce start() {
        FakeSalesforce fake = new FakeSalesforce();
        fake.server.start();
        fake.reset();
        return fake;
    }

    /** Forgets requests, records and refusals, and installs the token and upsert stubs again. */
    public void reset() {
        server.resetAll();
        recordsByLead.clear();
        refusals.clear();
        created.set(0);
        outageUntil = java.time.Instant.MIN;
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(resource("token.json").replace("{{baseUrl}}", server.baseUrl()))));
        server.stubFor(patch(urlPathEqualTo(UPSERT)).atPriority(10).willReturn(aResponse().withTransformers(NAME)));
    }

    /** Makes Salesforce refuse the Lead with this email, per record, with the given error code. */
    public void refuse(String email, String statusCode) {
        refusals.put(email, statusCode);
    }

    /** Salesforce accepts the Lead with this email again. */
    public void accept(String email) {
        refusals.remove(email);
    }

    /**
     * Until {@code until} (by the wall clock) every upsert is answered 503 SERVER_UNAVAILABLE, as Salesforce answers
     * during maintenance or an instance outage; afterwards the fake works again by itself.
     */
    public void outageUntil(java.time.Instant until) {
        outageUntil = until;
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Every record Salesforce received for our lead id, in arrival order. */
    public List<JsonNode> records(String leadId) {
        return List.copyOf(recordsByLead.getOrDefault(leadId, List.of()));
    }

    public Set<String> owners(String leadId) {
        return Set.copyOf(records(leadId).stream().map(r -> r.path("OwnerId").asText()).toList());
    }

    /** The Salesforce record id the fake gives the Lead upserted with external id {@code leadId}. */
    public static String recordId(String leadId) {
        return "00Q" + String.format("%015d", Math.abs((long) leadId.hashCode()));
    }

    public int createdCount() {
        return created.get();
    }

    public int distinctLeads() {
        return recordsByLead.size();
    }

    public void stop() {
        server.stop();
    }

    private ResponseDefinition upsert(ServeEvent event) {
        if (java.time.Instant.now().isBefore(outageUntil)) {
            return error(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable");
        }
        JsonNode body;
        try {
            body = JSON.readTree(event.getRequest().getBodyAsString());
        } catch (IOException e) {
            return error(400, "JSON_PARSER_ERROR", "bad body");
        }
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode record : body.path("records")) {
            String leadId = record.path(EXTERNAL_ID).asText();
            String refusal = refusals.get(record.path("Email").asText());
            if (refusal != null) {
                results.add(JSON.createObjectNode().putNull("id").put("success", false).set("errors", JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("statusCode", refusal).put("message", refusal + " for this Lead")
                                .set("fields", JSON.createArrayNode()))));
                continue;
            }
            boolean isNew;
            synchronized (recordsByLead) {
                isNew = !recordsByLead.containsKey(leadId);
                recordsByLead.computeIfAbsent(leadId, id -> new ArrayList<>()).add(record);
            }
            if (isNew) {
                created.incrementAndGet();
            }
            ObjectNode result = results.addObject();
            result.put("id", recordId(leadId));
            result.put("success", true).put("created", isNew).set("errors", JSON.createArrayNode());
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(results.toString()).build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("[{\"errorCode\":\"" + code + "\",\"message\":\"" + message + "\"}]").build();
    }

    /** The WireMock extension that answers the upsert stub from this fake's state. */
    private final class CollectionsUpsert implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            return upsert(event);
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    public static String resource(String name) {
        try (InputStream in = FakeSalesforce.class.getResourceAsStream("/salesforce/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource salesforce/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
