package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadField;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One {@code when:} entry: a lead field (a {@link LeadField} name, or {@code source} for the source id) and its matcher.
 *
 * <p>Traces show personal values masked (email keeps only its domain, phone its first three characters, names
 * and message nothing), so a trace can be logged or shown in the console without leaking the lead.
 */
public final class Condition {
    /** The field name for the lead's source id. */
    public static final String SOURCE = "source";

    private final String field;
    private final Matcher matcher;
    private final Function<Lead, String> value;
    private final Function<String, String> mask;

    public Condition(String field, Matcher matcher) {
        this.field = Objects.requireNonNull(field, "field");
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        if (SOURCE.equals(field)) {
            this.value = Lead::sourceId;
            this.mask = Function.identity();
        } else {
            LeadField leadField = LeadField.fromName(field)
                    .orElseThrow(() -> new IllegalArgumentException("unknown field '" + field + "'; use one of " + fieldNames()));
            this.value = lead -> lead.field(leadField);
            this.mask = leadField::mask;
        }
    }

    /** The names a {@code when:} may use: {@code source} and every lead field. */
    public static List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        names.add(SOURCE);
        names.addAll(LeadField.names());
        return List.copyOf(names);
    }

    public String field() {
        return field;
    }

    public Matcher matcher() {
        return matcher;
    }

    public boolean test(Lead lead) {
        return matcher.test(value.apply(lead));
    }

    /** The outcome for this lead in words, e.g. {@code country 'DE' not in [US, CA]}. */
    public String explain(Lead lead) {
        String v = value.apply(lead);
        return field + " " + matcher.explain(v == null ? null : mask.apply(v), matcher.test(v));
    }

    @Override
    public String toString() {
        return field + " " + matcher.describe();
    }
}
