package io.leadrouter.crm.hubspot.component;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The access token a HubSpot call sends. With OAuth options it refreshes the token before it expires and when HubSpot
 * refuses it, with at most one refresh in flight: concurrent callers share it.
 */
final class HubSpotAccessTokens {

    /** Refresh this long before HubSpot's expiry, so a token does not expire between reading it and HubSpot checking it. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

    private final HubSpotConfiguration configuration;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;

    private String token;
    private Instant expiresAt;
    private String refreshToken;
    private CompletableFuture<String> refreshing;

    HubSpotAccessTokens(HubSpotConfiguration configuration, HttpClient http, ObjectMapper json, Clock clock) {
        this.configuration = configuration;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.token = configuration.getAccessToken();
        this.refreshToken = configuration.getRefreshToken();
    }

    /** The token to send now: the cached one while valid, else the result of the (shared) refresh. */
    synchronized CompletableFuture<String> current() {
        if (token != null && (expiresAt == null || clock.instant().isBefore(expiresAt))) {
            return CompletableFuture.completedFuture(token);
        }
        if (!configuration.usesOAuth()) {
            return CompletableFuture.failedFuture(new HubSpotAuthenticationException(0, null,
                    "no accessToken, and no OAuth clientId, clientSecret and refreshToken to obtain one", null));
        }
        return refresh();
    }

    /**
     * HubSpot refused {@code rejected}: the token to try once more, or a failed future when there is none to try (a
     * private app token, or a refresh that HubSpot refuses too).
     */
    synchronized CompletableFuture<String> afterRejection(String rejected) {
        if (!configuration.usesOAuth()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no OAuth credentials to refresh with"));
        }
        if (token != null && !token.equals(rejected)) {
            return CompletableFuture.completedFuture(token);
        }
        token = null;
        return refresh();
    }

    boolean canRefresh() {
        return configuration.usesOAuth();
    }

    private CompletableFuture<String> refresh() {
        if (refreshing != null) {
            return refreshing;
        }
        String form = "grant_type=refresh_token"
                + "&client_id=" + encode(configuration.getClientId())
                + "&client_secret=" + encode(configuration.getClientSecret())
                + "&refresh_token=" + encode(refreshToken);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(configuration.getBaseUrl()) + configuration.getTokenPath()))
                .timeout(Duration.ofMillis(configuration.getRequestTimeout()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        CompletableFuture<String> started = new CompletableFuture<>();
        refreshing = started;
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            try {
                String fresh = error == null ? accept(response) : null;
                synchronized (this) {
                    refreshing = null;
                }
                if (error != null) {
                    started.completeExceptionally(error instanceof CompletionException ? error.getCause() : error);
                } else {
                    started.complete(fresh);
                }
            } catch (Exception e) {
                synchronized (this) {
                    refreshing = null;
                }
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    private String accept(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200) {
            String message = response.body();
            try {
                JsonNode body = json.readTree(response.body());
                message = body.path("message").asText(message);
            } catch (Exception ignored) {
                // the raw body is the message
            }
            if (response.statusCode() >= 500) {
                throw new HubSpotApiException(response.statusCode(), null, "token refresh failed: " + message, null);
            }
            throw new HubSpotAuthenticationException(response.statusCode(), "OAUTH_REFRESH", message, null);
        }
        JsonNode body = json.readTree(response.body());
        String fresh = body.path("access_token").asText(null);
        if (fresh == null) {
            throw new HubSpotAuthenticationException(200, "OAUTH_REFRESH", "token answer without access_token", null);
        }
        long expiresIn = body.path("expires_in").asLong(1800);
        synchronized (this) {
            token = fresh;
            expiresAt = clock.instant().plusSeconds(expiresIn).minus(EXPIRY_MARGIN);
            String rotated = body.path("refresh_token").asText(null);
            if (rotated != null) {
                refreshToken = rotated;
            }
        }
        return fresh;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
