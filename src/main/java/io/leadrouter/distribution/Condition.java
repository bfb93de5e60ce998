package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadField;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A rule's {@code when:}: tests on lead fields combined with all / any / not. Traces show personal values masked
 * (email keeps only its domain, phone its first three characters, names and message nothing).
 */
public sealed interface Condition permits Condition.Field, Condition.All, Condition.Any, Condition.Not {
    /** The field name for the lead's source id. */
    String SOURCE = "source";
    /** Prefix of a field name that addresses one of the lead's attributes, e.g. {@code attributes.utm_source}. */
    String ATTRIBUTES = "attributes.";

    boolean test(Lead lead);

    /** The outcome for this lead in words, e.g. {@code country 'DE' not in [US, CA]}. */
    String explain(Lead lead);

    /** The condition in words, without a lead. */
    String describe();

    /** The names a {@code when:} may use: {@code source}, every lead field, and {@code attributes.<name>}. */
    static List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        names.add(SOURCE);
        names.addAll(LeadField.names());
        return List.copyOf(names);
    }

    /** True when {@code name} is a field a condition can test. */
    static boolean isField(String name) {
        return fieldNames().contains(name) || name.startsWith(ATTRIBUTES) && name.length() > ATTRIBUTES.length();
    }

    /** Every condition holds (an empty list holds for every lead). */
    static All all(List<Condition> conditions) {
        return new All(conditions);
    }

    /** One field tested by one matcher. */
    final class Field implements Condition {
        private final String field;
        private final Matcher matcher;
        private final Function<Lead, String> value;
        private final Function<String, String> mask;

        public Field(String field, Matcher matcher) {
            this.field = Objects.requireNonNull(field, "field");
            this.matcher = Objects.requireNonNull(matcher, "matcher");
            if (SOURCE.equals(field)) {
                this.value = Lead::sourceId;
                this.mask = Function.identity();
            } else if (field.startsWith(ATTRIBUTES) && field.length() > ATTRIBUTES.length()) {
                String key = field.substring(ATTRIBUTES.length());
                this.value = lead -> lead.attributes().get(key);
                this.mask = Function.identity();
            } else {
                LeadField leadField = LeadField.fromName(field)
                        .orElseThrow(() -> new IllegalArgumentException("unknown field '" + field + "'; use one of " + fieldNames()));
                this.value = lead -> lead.field(leadField);
                this.mask = leadField::mask;
            }
        }

        public String field() {
            return field;
        }

        public Matcher matcher() {
            return matcher;
        }

        @Override
        public boolean test(Lead lead) {
            return matcher.test(value.apply(lead));
        }

        @Override
        public String explain(Lead lead) {
            String v = value.apply(lead);
            return field + " " + matcher.explain(v == null ? null : mask.apply(v), matcher.test(v));
        }

        @Override
        public String describe() {
            return field + " " + matcher.describe();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Every one holds; the explanation names the first that fails, or all that held. */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Lead lead) {
            for (Condition c : conditions) {
                if (!c.test(lead)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String explain(Lead lead) {
            if (conditions.isEmpty()) {
                return "no conditions: matches every lead";
            }
            for (Condition c : conditions) {
                if (!c.test(lead)) {
                    return c.explain(lead);
                }
            }
            return conditions.stream().map(c -> c.explain(lead)).collect(Collectors.joining("; "));
        }

        @Override
        public String describe() {
            if (conditions.isEmpty()) {
                return "every lead";
            }
            return conditions.size() == 1 ? conditions.get(0).describe()
                    : conditions.stream().map(Condition::describe).collect(Collectors.joining(" and "));
        }
    }

    /** At least one holds. */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("any: needs at least one condition");
            }
        }

        @Override
        public boolean test(Lead lead) {
            for (Condition c : conditions) {
                if (c.test(lead)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String explain(Lead lead) {
            for (Condition c : conditions) {
                if (c.test(lead)) {
                    return c.explain(lead);
                }
            }
            return "none of: " + conditions.stream().map(c -> c.explain(lead)).collect(Collectors.joining("; "));
        }

        @Override
        public String describe() {
            return conditions.stream().map(c -> c instanceof All all && all.conditions().size() > 1
                    ? "(" + c.describe() + ")" : c.describe()).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    /** The inner condition does not hold. */
    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public boolean test(Lead lead) {
            return !condition.test(lead);
        }

        @Override
        public String explain(Lead lead) {
            return "not (" + condition.explain(lead) + ")";
        }

        @Override
        public String describe() {
            return "not (" + condition.describe() + ")";
        }
    }
}
