package io.leadrouter.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An executable example from a mapping file: an input (any JSON value, as the source sends it) and what it must
 * produce: the lead fields of its event ({@code expect}, optionally with an {@code attributes} sub-map) or the fields
 * that must be rejected ({@code errors}); optionally the number of events it holds ({@code events}), the event's
 * natural id ({@code eventKey}) and whether it is a test lead ({@code test}). Expectations about one event apply to
 * the first event of the input; without {@code events} the input must hold exactly one.
 */
public record MappingExample(String name, Object input, Map<String, Object> expect, List<String> errors,
        Integer events, String eventKey, Boolean test) {

    public MappingExample {
        expect = expect == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expect));
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** True when the example expects the submission to be rejected. */
    public boolean expectsErrors() {
        return !errors.isEmpty();
    }

    /** True when the example says something about a single event (not only how many there are). */
    public boolean checksAnEvent() {
        return !expect.isEmpty() || !errors.isEmpty() || eventKey != null || test != null;
    }
}
