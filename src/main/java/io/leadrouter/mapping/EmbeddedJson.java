package io.leadrouter.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code embeddedJson:} keys of a mapping: top-level fields whose value is a JSON object sent as text (Unbounce's
 * {@code data.json} form field). Each is parsed as data with the bounds of {@link Payloads} — never evaluated — and
 * its keys become top-level keys of the event; a key the event already has wins.
 */
record EmbeddedJson(List<String> keys) {

    EmbeddedJson {
        keys = List.copyOf(keys);
    }

    /**
     * The event with every embedded object's keys added; {@code problems} (may be null) receives, per embedded key,
     * why its text could not be read.
     */
    Object expand(Object event, Map<String, String> problems) {
        if (keys.isEmpty() || !(event instanceof Map<?, ?> map)) {
            return event;
        }
        Map<String, Object> expanded = new LinkedHashMap<>();
        map.forEach((k, v) -> expanded.put(String.valueOf(k), v));
        for (String key : keys) {
            Object value = map.get(key);
            String text = value instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
                    : value instanceof String s ? s : null;
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                Payloads.embeddedJsonObject(text).forEach(expanded::putIfAbsent);
            } catch (PayloadException e) {
                if (problems != null) {
                    problems.put(key, "is not a JSON object of fields: " + e.getMessage());
                }
            }
        }
        return expanded;
    }
}
