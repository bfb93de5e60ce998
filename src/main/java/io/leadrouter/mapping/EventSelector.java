package io.leadrouter.mapping;

import com.jayway.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code events:} JsonPath of a batch format. A definite path ending in {@code [*]} names a list: its elements
 * are the events, and a single object there (an XML element that occurs once) is one event; any other path's matches
 * are the events.
 */
record EventSelector(String expression, JsonPath list, JsonPath path) {

    private static final String EVERY = "[*]";

    static EventSelector compile(String expression) {
        if (expression.endsWith(EVERY)) {
            JsonPath list = JsonPath.compile(expression.substring(0, expression.length() - EVERY.length()));
            if (list.isDefinite()) {
                return new EventSelector(expression, list, null);
            }
        }
        return new EventSelector(expression, null, JsonPath.compile(expression));
    }

    List<Object> select(Object payload) {
        if (payload == null) {
            return List.of();
        }
        Object found = (list != null ? list : path).read(payload, ValueSource.JSON_PATH);
        if (found instanceof List<?> items) {
            List<Object> events = new ArrayList<>(items.size());
            items.stream().filter(Objects::nonNull).forEach(events::add);
            return events;
        }
        if (found == null || list != null && !(found instanceof Map)) {
            return List.of();
        }
        return List.of(found);
    }

    String describe() {
        return expression;
    }
}
