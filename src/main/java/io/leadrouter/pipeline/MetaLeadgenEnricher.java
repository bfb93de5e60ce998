package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.intake.PayloadEnricher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.util.function.SingletonSupplier;

/**
 * Completes a Meta Lead Ads webhook change (it carries only {@code leadgen_id}) from the Graph API:
 * {@code GET {graph-url}/{leadgen_id}?fields=field_data,created_time,ad_id,form_id} and adds the answers to the
 * event. A 5xx, 429 or network failure is tried again a few times in the call, then reported retryable; a 4xx (the
 * lead was deleted, the token lacks leads_retrieval) is final. The access token never appears in a message.
 */
public final class MetaLeadgenEnricher implements PayloadEnricher {
    static final String SOURCE = "hook-meta-leadgen";
    static final String FIELDS = "field_data,created_time,ad_id,form_id";
    private static final Pattern LEADGEN_ID = Pattern.compile("[0-9]{1,30}");
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final String graphUrl;
    private final String accessToken;
    private final Duration connectTimeout;
    // Made on the first call: building a JDK HttpClient loads the trust store and starts a selector thread, start-up
    // work for a source that most instances never receive an event on.
    /** Made on the first call, not at start (trust store and selector thread, ~80 ms of start-up). */
    private final SingletonSupplier<HttpClient> http;
    private final Duration readTimeout;
    private final ObjectMapper json;

    public MetaLeadgenEnricher(String graphUrl, String accessToken, ObjectMapper json, Duration connectTimeout,
            Duration readTimeout) {
        String url = Objects.requireNonNull(graphUrl, "graphUrl").strip();
        this.graphUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI.create(this.graphUrl);
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.json = json;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.readTimeout = readTimeout;
        // HTTP/1.1: the JDK client's h2c upgrade attempt can leave a body read waiting forever on some servers.
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    @Override
    public Object enrich(Object event) throws EnrichmentException {
        if (!(event instanceof Map<?, ?> change)) {
            throw new EnrichmentException("the leadgen change is not an object", false);
        }
        Object id = change.get("leadgen_id");
        String leadgenId = id == null ? null : String.valueOf(id).strip();
        if (leadgenId == null || !LEADGEN_ID.matcher(leadgenId).matches()) {
            throw new EnrichmentException("the leadgen change has no numeric leadgen_id", false);
        }
        JsonNode lead = fetch(leadgenId);
        Map<String, Object> enriched = new LinkedHashMap<>();
        change.forEach((k, v) -> enriched.put(String.valueOf(k), v));
        enriched.put("field_data", json.convertValue(lead.path("field_data"), Object.class));
        for (String name : new String[] {"created_time", "ad_id", "form_id"}) {
            if (lead.hasNonNull(name)) {
                enriched.putIfAbsent(name, lead.get(name).asText());
            }
        }
        return enriched;
    }

    private JsonNode fetch(String leadgenId) throws EnrichmentException {
        URI uri = URI.create(graphUrl + "/" + leadgenId + "?access_token="
                + URLEncoder.encode(accessToken, StandardCharsets.UTF_8) + "&fields=" + URLEncoder.encode(FIELDS, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).header("Accept", "application/json").GET().build();
        // One try per mapping attempt: a retryable failure leaves the submission pending and the submission mapper
        // tries again with its back-off (no sleeping here, inside the mapper's transaction).
        HttpResponse<InputStream> response;
        byte[] body;
        java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> call = http.obtain().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            // One deadline for the whole exchange, body included: the request timeout only covers the headers.
            long deadline = System.nanoTime() + readTimeout.toNanos();
            response = call.get(readTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (InputStream in = response.body()) {
                    return in.readNBytes(MAX_RESPONSE_BYTES + 1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            body = read.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            throw new EnrichmentException("the Graph API could not be reached (" + (e instanceof java.util.concurrent.TimeoutException
                    ? "no answer within " + readTimeout.toMillis() + " ms" : e.getCause().getClass().getSimpleName()) + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrichmentException("interrupted while calling the Graph API", true);
        }
        int status = response.statusCode();
        if (status == 200) {
            if (body.length > MAX_RESPONSE_BYTES) {
                throw new EnrichmentException("the Graph API answered more than " + MAX_RESPONSE_BYTES + " bytes for lead " + leadgenId, false);
            }
            try {
                JsonNode lead = json.readTree(body);
                if (lead == null || !lead.path("field_data").isArray()) {
                    throw new EnrichmentException("the Graph API answer for lead " + leadgenId + " has no field_data list", false);
                }
                return lead;
            } catch (IOException e) {
                throw new EnrichmentException("the Graph API answer for lead " + leadgenId + " is not JSON", false);
            }
        }
        String problem = "the Graph API answered " + status + " for lead " + leadgenId + graphError(body);
        throw new EnrichmentException(problem, status == 429 || status >= 500);
    }

    /** Graph's own error message ({@code error.message}, {@code error.code}), without anything we sent. */
    private String graphError(byte[] body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.isObject()) {
                String message = error.path("message").asText("");
                message = message.replace(accessToken, "***");
                return ": " + (message.length() > 300 ? message.substring(0, 300) : message)
                        + (error.has("code") ? " (code " + error.path("code").asText() + ")" : "");
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }

    @Override
    public String toString() {
        return "MetaLeadgenEnricher[" + graphUrl + "]";
    }
}
