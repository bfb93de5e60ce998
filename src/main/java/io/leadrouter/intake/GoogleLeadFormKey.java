package io.leadrouter.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Google Ads lead form webhooks: the JSON body's top-level {@code google_key} is the key set on the form's webhook
 * integration. Read with a bounded parser (depth 64, strings of 1 MiB, duplicate names refused so no second
 * {@code google_key} can hide behind the first).
 */
final class GoogleLeadFormKey implements Authenticity {

    static final String SCHEME = "google-key";
    static final String FIELD = "google_key";

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(100).maxNameLength(1024).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String secret;

    GoogleLeadFormKey(Function<String, String> setting) {
        this.secret = Secrets.required(setting, "secret", SCHEME);
    }

    @Override
    public Optional<String> problem(SourceRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return Optional.of("body is not JSON");
        }
        if (body == null || body.isMissingNode()) {
            return Optional.of("body is not JSON");
        }
        if (!body.isObject()) {
            return Optional.of("body is not a JSON object");
        }
        JsonNode key = body.get(FIELD);
        if (key == null || key.isNull()) {
            return Optional.of("missing " + FIELD + " in the body");
        }
        if (!key.isTextual()) {
            return Optional.of(FIELD + " is not a string");
        }
        return Secrets.sameSecret(secret, key.textValue()) ? Optional.empty() : Optional.of(FIELD + " does not match");
    }
}
