package io.leadrouter.mapping;

import io.leadrouter.lead.FieldViolation;
import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadDraft;
import io.leadrouter.lead.LeadField;
import io.leadrouter.lead.LeadValidation;
import io.leadrouter.lead.YesNo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** How one source's raw payload becomes a lead: an immutable, thread-safe, loaded mapping file. */
public final class SourceMapping {

    private final String sourceId;
    private final String title;
    private final String description;
    private final List<String> crms;
    private final String defaultRegion;
    private final Map<LeadField, FieldRule> fields;
    private final FieldRule consent;
    private final List<FieldRule> attributes;
    private final List<MappingExample> examples;
    private final EventSelector events;
    private final ValueSource eventKey;
    private final FieldRule test;
    private final List<FieldList> fieldLists;
    private final EmbeddedJson embeddedJson;

    SourceMapping(String sourceId, String title, String description, List<String> crms, String defaultRegion,
            Map<LeadField, FieldRule> fields, FieldRule consent, List<FieldRule> attributes,
            List<MappingExample> examples, EventSelector events, ValueSource eventKey, FieldRule test,
            List<FieldList> fieldLists, EmbeddedJson embeddedJson) {
        this.sourceId = sourceId;
        this.title = title;
        this.description = description;
        this.crms = List.copyOf(crms);
        this.defaultRegion = defaultRegion;
        this.fields = fields.isEmpty() ? Map.of() : new EnumMap<>(fields);
        this.consent = consent;
        this.attributes = List.copyOf(attributes);
        this.examples = List.copyOf(examples);
        this.events = events;
        this.eventKey = eventKey;
        this.test = test;
        this.fieldLists = List.copyOf(fieldLists);
        this.embeddedJson = embeddedJson;
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

    /** The CRMs leads from this source are written to ({@code salesforce}, {@code hubspot}), in file order. */
    public List<String> crms() {
        return crms;
    }

    /** The ISO-3166 alpha-2 region of phone numbers written without a country code, or null. */
    public String defaultRegion() {
        return defaultRegion;
    }

    public List<MappingExample> examples() {
        return examples;
    }

    /**
     * The events in one parsed payload (maps, lists and scalars as JSON, XML or form parsing produced them), in
     * order: the elements {@code events:} selects, or the payload itself when the mapping has no {@code events:}.
     */
    public List<Object> events(Object payload) {
        if (events == null) {
            return List.of(payload == null ? Map.of() : payload);
        }
        return events.select(payload);
    }

    /** The event's natural id ({@code eventKey:}, stripped), or empty when the mapping has none or the event lacks it. */
    public Optional<String> eventKey(Object event) {
        if (eventKey == null) {
            return Optional.empty();
        }
        String key = eventKey.read(prepare(event, null));
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
    }

    /** True when the mapping's {@code test:} rule reads a yes answer (true/yes/on/1/checked/accepted) from the event. */
    public boolean isTest(Object event) {
        if (test == null) {
            return false;
        }
        return YesNo.parse(test.resolve(prepare(event, null))).orElse(false);
    }

    /** The event as rules read it: embedded JSON objects expanded, then name/value pair lists added as keys. */
    private Object prepare(Object event, Map<String, String> unreadable) {
        Object expanded = embeddedJson == null ? event : embeddedJson.expand(event, unreadable);
        return FieldList.flatten(expanded, fieldLists);
    }

    /** Maps a raw payload (parsed JSON object or form fields) into a lead or every reason it is rejected. */
    public LeadValidation apply(Map<String, Object> input) {
        return apply((Object) input);
    }

    /**
     * Maps one event (an element of {@link #events}, or a whole single-event payload) into a lead or every reason it
     * is rejected; a null event is an empty submission.
     */
    public LeadValidation apply(Object event) {
        Map<String, String> unreadable = new java.util.LinkedHashMap<>();
        Object payload = prepare(event == null ? Map.of() : event, unreadable);
        LeadDraft draft = new LeadDraft(sourceId, defaultRegion);
        unreadable.forEach(draft::violation);
        for (Map.Entry<LeadField, FieldRule> entry : fields.entrySet()) {
            FieldRule rule = entry.getValue();
            String value = rule.resolve(payload);
            if (value != null) {
                draft.put(entry.getKey(), value);
            } else if (rule.required()) {
                draft.violation(rule.name(), rule.missingMessage());
            }
        }
        if (consent != null) {
            String value = consent.resolve(payload);
            if (value != null) {
                draft.consent(value);
            } else if (consent.required()) {
                draft.violation(consent.name(), consent.missingMessage());
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
        List<Object> found = events(example.input());
        List<String> failures = new ArrayList<>();
        if (example.events() != null && example.events() != found.size()) {
            failures.add(prefix + "expected " + example.events() + " event(s) but the input holds " + found.size());
        }
        if (!example.checksAnEvent()) {
            return failures;
        }
        if (found.isEmpty()) {
            failures.add(prefix + "the input holds no event" + (events == null ? "" : " at " + events.describe())
                    + " — nothing to compare with expect/errors");
            return failures;
        }
        if (example.events() == null && found.size() != 1) {
            failures.add(prefix + "the input holds " + found.size() + " events; an example checks one — give events: "
                    + found.size() + " (expectations then apply to the first event) or shorten the input");
            return failures;
        }
        Object event = found.get(0);
        if (example.eventKey() != null && !Objects.equals(Optional.of(example.eventKey()), eventKey(event))) {
            failures.add(prefix + "eventKey expected '" + example.eventKey() + "' but was "
                    + eventKey(event).map(k -> "'" + k + "'").orElse("absent"));
        }
        if (example.test() != null && example.test() != isTest(event)) {
            failures.add(prefix + "test expected " + example.test() + " but was " + isTest(event));
        }
        if (!example.expect().isEmpty() || example.expectsErrors()) {
            failures.addAll(checkLead(prefix, example, apply(event)));
        }
        return failures;
    }

    private List<String> checkLead(String prefix, MappingExample example, LeadValidation result) {
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
            } else if (MappingLoader.CONSENT.equals(expected.getKey())) {
                Object value = expected.getValue();
                String expectedText = value == null ? null : String.valueOf(value);
                String actual = lead.consent() == null ? null : lead.consent().toString();
                if (!Objects.equals(expectedText, actual)) {
                    failures.add(prefix + "consent expected " + (value == null ? "absent" : expectedText) + " but was "
                            + (actual == null ? "absent" : actual));
                }
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
