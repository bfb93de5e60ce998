package io.leadrouter.distribution;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A test on one lead field's value (null when the lead has no value); text comparisons ignore case. */
public sealed interface Matcher permits Matcher.OneOf, Matcher.Present, Matcher.EndsWith, Matcher.StartsWith,
        Matcher.Domain, Matcher.Range {

    boolean test(String value);

    /** The condition in words, e.g. {@code in [US, CA]}. */
    String describe();

    /** Why {@code shown} (the value as it may appear in a trace, null when absent) fails or satisfies this matcher. */
    default String explain(String shown, boolean held) {
        if (shown == null) {
            return "absent, expected " + describe();
        }
        return "'" + shown + "'" + (held ? " " : " not ") + describe();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static List<String> lowered(List<String> values) {
        return values.stream().map(Matcher::lower).toList();
    }

    /** The value equals one of {@code values}: {@code [US, CA]}, {@code { in: [US, CA] }} or {@code { equals: US }}. */
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
    record EndsWith(List<String> suffixes, List<String> lowered) implements Matcher {
        public EndsWith(List<String> suffixes) {
            this(List.copyOf(suffixes), Matcher.lowered(suffixes));
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

    /** The value starts with one of {@code prefixes}, e.g. {@code { prefix: ["+49", "+43"] }}. */
    record StartsWith(List<String> prefixes, List<String> lowered) implements Matcher {
        public StartsWith(List<String> prefixes) {
            this(List.copyOf(prefixes), Matcher.lowered(prefixes));
        }

        @Override
        public boolean test(String value) {
            if (value == null) {
                return false;
            }
            String v = lower(value);
            for (String prefix : lowered) {
                if (v.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "starts with one of " + prefixes;
        }

        @Override
        public String explain(String shown, boolean held) {
            if (shown == null) {
                return "absent, expected it to start with one of " + prefixes;
            }
            return "'" + shown + "'" + (held ? " starts with one of " : " does not start with any of ") + prefixes;
        }
    }

    /**
     * The email (or host) is at one of {@code domains} or a subdomain of one: {@code { domain: [acme.com] }} matches
     * {@code jo@acme.com} and {@code jo@eu.acme.com}, not {@code jo@notacme.com}.
     */
    record Domain(List<String> domains, List<String> lowered) implements Matcher {
        public Domain(List<String> domains) {
            this(List.copyOf(domains), Matcher.lowered(domains));
        }

        @Override
        public boolean test(String value) {
            if (value == null) {
                return false;
            }
            String v = lower(value);
            String host = v.substring(v.lastIndexOf('@') + 1);
            for (String d : lowered) {
                if (host.equals(d) || host.endsWith("." + d)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "at domain " + (domains.size() == 1 ? domains.get(0) : "one of " + domains);
        }

        @Override
        public String explain(String shown, boolean held) {
            if (shown == null) {
                return "absent, expected an address " + describe();
            }
            return "'" + shown + "'" + (held ? " is " : " is not ") + describe();
        }
    }

    /** A number within {@code [min, max)}; either bound may be null. Text that is not a number does not match. */
    record Range(BigDecimal min, BigDecimal max) implements Matcher {
        private static final int MAX_DIGITS = 40;

        public Range {
            if (min == null && max == null) {
                throw new IllegalArgumentException("range: give min, max or both");
            }
            if (min != null && max != null && min.compareTo(max) >= 0) {
                throw new IllegalArgumentException("range: min must be below max");
            }
        }

        @Override
        public boolean test(String value) {
            BigDecimal n = number(value);
            return n != null && (min == null || n.compareTo(min) >= 0) && (max == null || n.compareTo(max) < 0);
        }

        @Override
        public String describe() {
            if (min == null) {
                return "below " + max.toPlainString();
            }
            return max == null ? "at least " + min.toPlainString()
                    : "from " + min.toPlainString() + " to below " + max.toPlainString();
        }

        @Override
        public String explain(String shown, boolean held) {
            if (shown == null) {
                return "absent, expected a number " + describe();
            }
            if (number(shown) == null) {
                return "'" + shown + "' is not a number, expected " + describe();
            }
            return "'" + shown + "'" + (held ? " is " : " is not ") + describe();
        }

        private static BigDecimal number(String value) {
            if (value == null || value.isBlank() || value.length() > MAX_DIGITS) {
                return null;
            }
            try {
                return new BigDecimal(value.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
