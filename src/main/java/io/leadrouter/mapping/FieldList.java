package io.leadrouter.mapping;

import com.jayway.jsonpath.JsonPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code fieldList:} entry: where a vendor sends fields as a list of name/value pairs, and which key of each
 * pair holds the name and which the value. The pairs become top-level keys of the event.
 */
record FieldList(String expression, JsonPath path, List<ValueSource> name, List<ValueSource> value) {

    FieldList {
        name = List.copyOf(name);
        value = List.copyOf(value);
    }

    /** Adds each pair found in {@code event} to {@code keys}; a key already there (the event's own) is kept. */
    void addPairs(Object event, Map<String, Object> keys) {
        Object found = event == null ? null : path.read(event, ValueSource.JSON_PATH);
        List<?> pairs = found instanceof List<?> list ? list : found == null ? List.of() : List.of(found);
        for (Object pair : pairs) {
            String pairName = first(name, pair);
            if (pairName == null || pairName.isBlank()) {
                continue;
            }
            Object pairValue = null;
            for (ValueSource source : value) {
                Object candidate = source.value(pair);
                if (candidate != null && ValueSource.scalar(candidate) != null) {
                    pairValue = candidate;
                    break;
                }
            }
            if (pairValue != null) {
                keys.putIfAbsent(pairName.strip(), pairValue);
            }
        }
    }

    /** The event with the pairs of every {@code fieldList:} entry added as top-level keys. */
    static Object flatten(Object event, List<FieldList> lists) {
        if (lists.isEmpty()) {
            return event;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        if (event instanceof Map<?, ?> map) {
            map.forEach((k, v) -> keys.put(String.valueOf(k), v));
        }
        for (FieldList list : lists) {
            list.addPairs(event, keys);
        }
        return keys;
    }

    private static String first(List<ValueSource> sources, Object pair) {
        for (ValueSource source : sources) {
            String candidate = source.read(pair);
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
