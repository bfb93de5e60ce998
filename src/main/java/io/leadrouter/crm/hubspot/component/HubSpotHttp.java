package io.leadrouter.crm.hubspot.component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One HubSpot call with HubSpot's failure rules: a secondly 429, 5xx and I/O errors are retried within
 * {@code maxRetries} (waiting without holding a thread); a daily 429 fails at once; a 401 gets one OAuth refresh.
 */
final class HubSpotHttp {

    private final HubSpotConfiguration configuration;
    private final HttpClient http;
    private final ObjectMapper json;
    private final HubSpotAccessTokens tokens;
    private final Executor executor;

    HubSpotHttp(HubSpotConfiguration configuration, HttpClient http, ObjectMapper json, HubSpotAccessTokens tokens,
                Executor executor) {
        this.configuration = configuration;
        this.http = http;
        this.json = json;
        this.tokens = tokens;
        this.executor = executor;
    }

    /** HubSpot's successful (2xx) answer. */
    record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    CompletableFuture<Answer> call(String method, String pathAndQuery, Object body) {
        String payload;
        try {
            payload = body == null ? null : json.writeValueAsString(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Answer> result = new CompletableFuture<>();
        tokens.current().whenComplete((token, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                attempt(method, pathAndQuery, payload, token, 0, false, result);
            }
        });
        return result;
    }

    private void attempt(String method, String pathAndQuery, String payload, String token, int retry, boolean refreshed,
                         CompletableFuture<Answer> result) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(HubSpotAccessTokens.stripSlash(configuration.getBaseUrl())
                                                                      + pathAndQuery))
                .timeout(Duration.ofMillis(configuration.getRequestTimeout()))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (payload == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(payload));
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    if (cause instanceof IOException && retry < configuration.getMaxRetries()) {
                        later(backoff(retry), () -> attempt(method, pathAndQuery, payload, token, retry + 1, refreshed, result));
                    } else {
                        result.completeExceptionally(cause);
                    }
                    return;
                }
                handle(response, method, pathAndQuery, payload, token, retry, refreshed, result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void handle(HttpResponse<String> response, String method, String pathAndQuery, String payload, String token,
                        int retry, boolean refreshed, CompletableFuture<Answer> result) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        String correlationId = response.headers().firstValue("X-HubSpot-Correlation-Id").orElse(body.path("correlationId").asText(null));
        if (status >= 200 && status < 300) {
            result.complete(new Answer(status, body, response.headers()));
        } else if (status == 429) {
            String policy = body.path("policyName").asText("UNKNOWN");
            String message = body.path("message").asText("rate limit");
            Duration wait = rateLimitWait(response.headers(), retry);
            if (!"DAILY".equals(policy) && retry < configuration.getMaxRetries()) {
                later(wait, () -> attempt(method, pathAndQuery, payload, token, retry + 1, refreshed, result));
            } else {
                result.completeExceptionally(new HubSpotRateLimitException(policy, message,
                        "DAILY".equals(policy) ? retryAfterHeader(response.headers()) : wait, correlationId));
            }
        } else if (status == 401) {
            if (refreshed || !tokens.canRefresh()) {
                result.completeExceptionally(new HubSpotAuthenticationException(status, body.path("category").asText(null),
                        body.path("message").asText("unauthorized"), correlationId));
                return;
            }
            tokens.afterRejection(token).whenComplete((fresh, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                } else {
                    attempt(method, pathAndQuery, payload, fresh, retry, true, result);
                }
            });
        } else if (status >= 500 && retry < configuration.getMaxRetries()) {
            later(backoff(retry), () -> attempt(method, pathAndQuery, payload, token, retry + 1, refreshed, result));
        } else {
            result.completeExceptionally(new HubSpotApiException(status, body.path("category").asText(null),
                    body.path("message").asText(response.body()), correlationId));
        }
    }

    private Duration rateLimitWait(HttpHeaders headers, int retry) {
        Duration wait = retryAfterHeader(headers);
        if (wait == null) {
            wait = headers.firstValueAsLong("X-HubSpot-RateLimit-Interval-Milliseconds").stream()
                    .mapToObj(Duration::ofMillis).findFirst().orElse(backoff(retry));
        }
        return cap(wait);
    }

    private static Duration retryAfterHeader(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    private Duration backoff(int retry) {
        long delay = configuration.getRetryDelay() << Math.min(retry, 20);
        return cap(Duration.ofMillis(delay));
    }

    private Duration cap(Duration wait) {
        return wait.toMillis() > configuration.getMaxRetryDelay() ? Duration.ofMillis(configuration.getMaxRetryDelay()) : wait;
    }

    private void later(Duration wait, Runnable action) {
        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor).execute(action);
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
