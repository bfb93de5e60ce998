package io.leadrouter.mapping;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** One {@code fields:} or {@code attributes:} entry, resolved and compiled at load time. */
record FieldRule(String name, List<ValueSource> from, boolean required, String defaultValue,
        UnaryOperator<String> transform) {

    FieldRule {
        from = List.copyOf(from);
    }

    /** The first non-blank alternative (or the default), transformed; null when absent. */
    String resolve(Object input) {
        String value = null;
        for (ValueSource source : from) {
            String candidate = source.read(input);
            if (candidate != null && !candidate.isBlank()) {
                value = candidate;
                break;
            }
        }
        if (value == null) {
            value = defaultValue;
        }
        if (value == null) {
            return null;
        }
        String transformed = transform.apply(value);
        return transformed == null || transformed.isBlank() ? null : transformed;
    }

    String missingMessage() {
        return "required, but the submission has no value in "
                + from.stream().map(ValueSource::describe).collect(Collectors.joining(", "));
    }
}
