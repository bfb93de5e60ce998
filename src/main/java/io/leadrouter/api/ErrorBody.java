package io.leadrouter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.lead.FieldViolation;
import java.util.List;
import java.util.Map;

/** The one JSON error shape every endpoint answers with: {@code {"errors":[{"field":…,"message":…}]}}. */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {
    }

    public static String of(String field, String message) {
        return of(List.of(new FieldViolation(field, message)));
    }

    public static String of(List<FieldViolation> violations) {
        try {
            return JSON.writeValueAsString(Map.of("errors", violations));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
