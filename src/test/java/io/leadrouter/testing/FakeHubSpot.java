package io.leadrouter.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WireMock playing HubSpot's CRM API at the wire: {@code GET /crm/v3/objects/contacts/{id}} answers a contact the way
 * HubSpot documents it ({@code id}, {@code properties}, {@code createdAt}, {@code updatedAt}, {@code archived}), or
 * HubSpot's 404 error body for a contact that does not exist. Only requests with the test token are answered.
 */
public final class FakeHubSpot {
    public static final String TOKEN = "pat-na1-test-0000-hubspot-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    private FakeHubSpot() {
        this.server = new WireMockServer(options().dynamicPort());
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
