package io.leadrouter.mapping;

import io.leadrouter.lead.FieldViolation;
import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadDraft;
import io.leadrouter.lead.LeadField;
import io.leadrouter.lead.LeadValidation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** How one source's raw payload becomes a lead: an immutable, thread-safe, loaded mapping file. */
public final class SourceMapping {

    private final String sourceId;
    private final String title;
    private final String description;
    private final String crm;
    private final String defaultRegion;
    private final Map<LeadField, FieldRule> fields;
    private final List<FieldRule> attributes;
    private final List<MappingExample> examples;

    SourceMapping(String sourceId, String title, String description, String crm, String defaultRegion,
            Map<LeadField, FieldRule> fields, List<FieldRule> attributes, List<MappingExample> examples) {
        this.sourceId = sourceId;
        this.title = title;
        this.description = description;
        this.crm = crm;
        this.defaultRegion = defaultRegion;
        this.fields = fields.isEmpty() ? Map.of() : new EnumMap<>(fields);
        this.attributes = List.copyOf(attributes);
        this.examples = List.copyOf(examples);
    }

    public String sourceId() {
        return sourceId;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The CRM leads from this source are written to: {@code salesforce} or {@code hubspot}. */
    public String crm() {
        return crm;
    }

    /** The ISO-3166 alpha-2 region of phone numbers written without a country code, or null. */
    public String defaultRegion() {
        return defaultRegion;
    }

    public List<MappingExample> examples() {
        return examples;
    }

    /** The events one payload holds; a payload is one event until batch formats are declared. */
    public List<Object> events(Object payload) {
        return payload == null ? List.of() : List.of(payload);
    }

    /** The event's natural id (a vendor event id), when the mapping names one. */
    public java.util.Optional<String> eventKey(Object event) {
        return java.util.Optional.empty();
    }

    /** Whether the event is a vendor's test submission. */
    public boolean isTest(Object event) {
        return false;
    }

    /** Maps one event (a parsed JSON value or form fields). */
    @SuppressWarnings("unchecked")
    public LeadValidation apply(Object event) {
        if (event instanceof Map<?, ?> map) {
            return apply((Map<String, Object>) map);
        }
        return LeadValidation.invalid(List.of(new FieldViolation("body", "expected an object with the lead's fields")));
    }

    /** Maps a raw payload (parsed JSON object or form fields) into a lead or every reason it is rejected. */
    public LeadValidation apply(Map<String, Object> input) {
        Map<String, Object> payload = input == null ? Map.of() : input;
        LeadDraft draft = new LeadDraft(sourceId, defaultRegion);
        for (Map.Entry<LeadField, FieldRule> entry : fields.entrySet()) {
            FieldRule rule = entry.getValue();
            String value = rule.resolve(payload);
            if (value != null) {
                draft.put(entry.getKey(), value);
            } else if (rule.required()) {
                draft.violation(rule.name(), rule.missingMessage());
            }
        }
        for (FieldRule rule : attributes) {
            String value = rule.resolve(payload);
            if (value != null) {
                draft.attribute(rule.name(), value);
            } else if (rule.required()) {
                draft.violation(rule.name(), rule.missingMessage());
            }
        }
        return draft.build();
    }

    /** Runs every example; each failure is described for a person, and an empty list means all pass. */
    public List<String> checkExamples() {
        List<String> failures = new ArrayList<>();
        for (MappingExample example : examples) {
            failures.addAll(check(example));
        }
        return failures;
    }

    private List<String> check(MappingExample example) {
        String prefix = "example '" + example.name() + "': ";
        LeadValidation result = apply(example.input());
        if (example.expectsErrors()) {
            if (result.isValid()) {
                return List.of(prefix + "expected violations on " + example.errors() + " but the lead was valid: "
                        + result.lead());
            }
            TreeSet<String> actual = result.violations().stream().map(FieldViolation::field)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!actual.equals(new TreeSet<>(example.errors()))) {
                return List.of(prefix + "expected violations on " + new TreeSet<>(example.errors()) + " but got "
                        + describe(result.violations()));
            }
            return List.of();
        }
        if (!result.isValid()) {
            return List.of(prefix + "expected a valid lead but got " + describe(result.violations()));
        }
        List<String> failures = new ArrayList<>();
        Lead lead = result.lead();
        for (Map.Entry<String, Object> expected : example.expect().entrySet()) {
            if (MappingLoader.ATTRIBUTES.equals(expected.getKey()) && expected.getValue() instanceof Map<?, ?> map) {
                map.forEach((name, value) -> compare(failures, prefix, "attributes." + name, value,
                        lead.attributes().get(String.valueOf(name))));
            } else {
                LeadField.fromName(expected.getKey()).ifPresent(field ->
                        compare(failures, prefix, field.externalName(), expected.getValue(), lead.field(field)));
            }
        }
        return failures;
    }

    private static void compare(List<String> failures, String prefix, String name, Object expected, String actual) {
        String expectedText = expected == null ? null : String.valueOf(expected);
        if (!Objects.equals(expectedText, actual)) {
            String hint = expected instanceof Boolean || expected instanceof Number
                    ? " — the expected value is " + MappingLoader.describeNonText(expected) + "; quote it"
                    : "";
            failures.add(prefix + name + " expected " + quote(expectedText) + " but was " + quote(actual) + hint);
        }
    }

    private static String quote(String value) {
        return value == null ? "absent" : "'" + value + "'";
    }

    private static String describe(List<FieldViolation> violations) {
        return violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return "SourceMapping[" + sourceId + "]";
    }
}
