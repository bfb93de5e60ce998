package io.leadrouter.distribution;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A test on one lead field's value (null when the lead has no value); comparisons ignore case. */
public sealed interface Matcher permits Matcher.OneOf, Matcher.Present, Matcher.EndsWith {

    boolean test(String value);

    /** The condition in words, e.g. {@code in [US, CA]}. */
    String describe();

    /** Why {@code shown} (the value as it may appear in a trace, null when absent) fails or satisfies this matcher. */
    String explain(String shown, boolean held);

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The value equals one of {@code values}: {@code [US, CA]} or {@code { in: [US, CA] }}. */
    final class OneOf implements Matcher {
        private final List<String> values;
        private final Set<String> lowered;

        public OneOf(List<String> values) {
            this.values = List.copyOf(values);
            this.lowered = this.values.stream().map(Matcher::lower).collect(Collectors.toUnmodifiableSet());
        }

        public List<String> values() {
            return values;
        }

        @Override
        public boolean test(String value) {
            return value != null && lowered.contains(lower(value));
        }

        @Override
        public String describe() {
            return "in " + values;
        }

        @Override
        public String explain(String shown, boolean held) {
            if (shown == null) {
                return "absent, expected one of " + values;
            }
            return "'" + shown + "'" + (held ? " in " : " not in ") + values;
        }
    }

    /** The field has a value ({@code { present: true }}) or has none ({@code { present: false }}). */
    record Present(boolean expected) implements Matcher {
        @Override
        public boolean test(String value) {
            return (value != null) == expected;
        }

        @Override
        public String describe() {
            return expected ? "present" : "absent";
        }

        @Override
        public String explain(String shown, boolean held) {
            String actual = shown == null ? "absent" : "present";
            return held ? actual : actual + ", expected " + describe();
        }
    }

    /** The value ends with one of {@code suffixes}, e.g. {@code { endsWith: ["@acme.com", ".gov"] }}. */
    final class EndsWith implements Matcher {
        private final List<String> suffixes;
        private final List<String> lowered;

        public EndsWith(List<String> suffixes) {
            this.suffixes = List.copyOf(suffixes);
            this.lowered = this.suffixes.stream().map(Matcher::lower).toList();
        }

        public List<String> suffixes() {
            return suffixes;
        }

        @Override
        public boolean test(String value) {
            if (value == null) {
                return false;
            }
            String v = lower(value);
            for (String suffix : lowered) {
                if (v.endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "ends with one of " + suffixes;
        }

        @Override
        public String explain(String shown, boolean held) {
            if (shown == null) {
                return "absent, expected it to end with one of " + suffixes;
            }
            return "'" + shown + "'" + (held ? " ends with one of " : " does not end with any of ") + suffixes;
        }
    }
}
