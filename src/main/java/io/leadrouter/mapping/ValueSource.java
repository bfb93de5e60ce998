package io.leadrouter.mapping;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where one alternative of a {@code from:} reads its value: a top-level key or a JsonPath compiled at load. */
sealed interface ValueSource {

    /** JsonPath over parsed payloads (maps, lists, scalars); a missing path reads as null, never throws. */
    Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL)
            .build();

    /** The value as found (map, list or scalar), or null when absent. */
    Object value(Object input);

    /** The alternative as written in the mapping file. */
    String describe();

    /** The raw value as text, or null when absent or not a scalar (a list reads as its first scalar element). */
    default String read(Object input) {
        return scalar(value(input));
    }

    static ValueSource of(String expression) {
        return expression.startsWith("$") ? new Path(expression, JsonPath.compile(expression), Path.head(expression))
                : new Key(expression);
    }

    /** A plain top-level key; form field names with dots or dashes are keys, not paths. */
    record Key(String key) implements ValueSource {
        @Override
        public Object value(Object input) {
            return input instanceof Map<?, ?> map ? map.get(key) : null;
        }

        @Override
        public String describe() {
            return key;
        }
    }

    /**
     * A JsonPath expression, compiled once when the mapping file loads. {@code head}: the path's first property when it
     * is a plain name ({@code contact} of {@code $.contact.email}), else null; a map without that key reads as null
     * without evaluating the path (most alternatives of a mapping look for what a payload does not have; evaluating
     * those cost ~1 µs a lead).
     */
    record Path(String expression, JsonPath path, String head) implements ValueSource {
        private static final Pattern PLAIN_HEAD = Pattern.compile("^\\$\\.([A-Za-z_][A-Za-z0-9_]*)(?=$|[.\\[])");

        static String head(String expression) {
            Matcher m = PLAIN_HEAD.matcher(expression);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public Object value(Object input) {
            if (input == null || head != null && input instanceof Map<?, ?> map && !map.containsKey(head)) {
                return null;
            }
            return path.read(input, JSON_PATH);
        }

        @Override
        public String describe() {
            return expression;
        }
    }

    /**
     * The first top-level key, in payload order, matching a glob whose only wildcard is {@code *} (any run of
     * characters, also none); every other character matches itself. Matching is the linear greedy wildcard walk
     * (no regular expression is built from mapping text), so it is bounded by key length times glob length.
     */
    record Glob(String glob) implements ValueSource {
        /** The most {@code *} a glob may have. */
        static final int MAX_WILDCARDS = 8;

        @Override
        public Object value(Object input) {
            if (!(input instanceof Map<?, ?> map)) {
                return null;
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() instanceof String key && matches(glob, key)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "keyGlob " + glob;
        }

        /** Whether {@code text} matches {@code glob}: {@code *} is any run of characters, anything else is literal. */
        static boolean matches(String glob, String text) {
            int g = 0;
            int t = 0;
            int star = -1;
            int resume = 0;
            while (t < text.length()) {
                if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)) {
                    g++;
                    t++;
                } else if (g < glob.length() && glob.charAt(g) == '*') {
                    star = g++;
                    resume = t;
                } else if (star >= 0) {
                    g = star + 1;
                    t = ++resume;
                } else {
                    return false;
                }
            }
            while (g < glob.length() && glob.charAt(g) == '*') {
                g++;
            }
            return g == glob.length();
        }
    }

    /** An alternative with its own transforms, applied to its text before the rule's transform. */
    record Transformed(ValueSource source, UnaryOperator<String> transform, List<String> names) implements ValueSource {
        @Override
        public Object value(Object input) {
            return source.value(input);
        }

        @Override
        public String read(Object input) {
            String text = source.read(input);
            return text == null ? null : transform.apply(text);
        }

        @Override
        public String describe() {
            return source.describe() + " (" + String.join(", ", names) + ")";
        }
    }

    static String scalar(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof List<?> list) {
            // a deep scan ($..x) lists a null for every object without x, so skip absent elements
            for (Object element : list) {
                String text = element instanceof List ? null : scalar(element);
                if (text != null) {
                    return text;
                }
            }
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof CharSequence) {
            return value.toString();
        }
        return null;
    }
}
