package io.leadrouter.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An executable example from a mapping file: an input and either the lead fields it must produce
 * ({@code expect}, optionally with an {@code attributes} sub-map) or the fields that must be rejected
 * ({@code errors}).
 */
public record MappingExample(String name, Map<String, Object> input, Map<String, Object> expect, List<String> errors) {

    public MappingExample {
        input = input == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(input));
        expect = expect == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expect));
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** True when the example expects the submission to be rejected. */
    public boolean expectsErrors() {
        return !errors.isEmpty();
    }
}
