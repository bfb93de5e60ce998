package io.leadrouter.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.jayway.jsonpath.InvalidPathException;
import io.leadrouter.lead.Countries;
import io.leadrouter.lead.LeadField;
import io.leadrouter.lead.PhoneNumbers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Reads one mapping file, collecting every problem instead of stopping at the first. */
final class MappingLoader {

    static final String SUFFIX = ".mapping.yaml";
    static final String ATTRIBUTES = "attributes";
    static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final List<String> CRMS = List.of("salesforce", "hubspot");

    private static final List<String> TOP_LEVEL_KEYS =
            List.of("source", "title", "description", "crm", "defaultRegion", "fields", ATTRIBUTES, "examples");
    private static final List<String> RULE_KEYS = List.of("from", "required", "default", "transform");
    private static final List<String> EXAMPLE_KEYS = List.of("name", "input", "expect", "errors");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final String fileName;
    private final List<String> problems = new ArrayList<>();

    private MappingLoader(Path file) {
        this.file = file;
        this.fileName = displayName(file);
    }

    /** The mapping in {@code file}, or a {@link MappingException} listing every problem. */
    static SourceMapping load(Path file) {
        MappingLoader loader = new MappingLoader(file);
        SourceMapping mapping = loader.read();
        if (!loader.problems.isEmpty()) {
            throw new MappingException(loader.problems);
        }
        return mapping;
    }

    static String displayName(Path file) {
        Path parent = file.getParent();
        String name = String.valueOf(file.getFileName());
        return parent == null || parent.getFileName() == null ? name : parent.getFileName() + "/" + name;
    }

    private void problem(String problem, String fix) {
        problems.add(fileName + ": " + problem + " — fix: " + fix);
    }

    private SourceMapping read() {
        String name = String.valueOf(file.getFileName());
        String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : null;
        if (stem == null) {
            problem("is not named <id>" + SUFFIX, "rename it to <source id>" + SUFFIX);
        } else if (!SOURCE_ID.matcher(stem).matches()) {
            problem("file name '" + stem + "' is not a valid source id",
                    "rename it using lower-case letters, digits and dashes, e.g. form-acme-contact" + SUFFIX);
        }
        Object document;
        try {
            document = YAML.readValue(file.toFile(), Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            problem("is not valid YAML" + where + " (" + e.getOriginalMessage().replaceAll("\\s+", " ").strip() + ")",
                    "correct the YAML syntax");
            return null;
        } catch (IOException e) {
            problem("cannot be read (" + e.getMessage() + ")", "check that the file exists and is readable");
            return null;
        }
        if (!(document instanceof Map<?, ?> root)) {
            problem("is not a YAML mapping of keys", "start the file with 'source: " + (stem == null ? "<id>" : stem)
                    + "' and the other top-level keys " + TOP_LEVEL_KEYS);
            return null;
        }
        unknownKeys(root, TOP_LEVEL_KEYS, "top-level key");

        String source = text(root, "source", "the file's source id");
        if (source != null && !SOURCE_ID.matcher(source).matches()) {
            problem("source '" + source + "' is not a valid source id",
                    "use lower-case letters, digits and dashes, e.g. form-acme-contact");
        } else if (source != null && stem != null && !source.equals(stem)) {
            problem("source '" + source + "' does not match the file name",
                    "rename the file to " + source + SUFFIX + " or set source: " + stem);
        }
        String title = text(root, "title", "a short human title, e.g. 'Website contact form'");
        String description = text(root, "description", "one or two sentences saying what sends these leads");
        String crm = text(root, "crm", "one of " + String.join(", ", CRMS));
        if (crm != null && !CRMS.contains(crm)) {
            problem("crm '" + crm + "' is not supported", "set crm to one of " + String.join(", ", CRMS));
        }
        String defaultRegion = optionalText(root, "defaultRegion");
        if (defaultRegion != null && !(Countries.isAlpha2(defaultRegion) && PhoneNumbers.isSupportedRegion(defaultRegion))) {
            problem("defaultRegion '" + defaultRegion + "' is not an ISO-3166 alpha-2 region with a phone numbering plan",
                    "use an upper-case two-letter code such as US, GB or DE, or remove defaultRegion");
        }

        Map<LeadField, FieldRule> fields = fields(root.get("fields"), defaultRegion);
        List<FieldRule> attributes = attributes(root.get(ATTRIBUTES), defaultRegion);
        Set<String> attributeNames = new LinkedHashSet<>();
        attributes.forEach(rule -> attributeNames.add(rule.name()));
        List<MappingExample> examples = examples(root.get("examples"), attributeNames);

        if (!problems.isEmpty()) {
            return null;
        }
        return new SourceMapping(source, title, description, crm, defaultRegion, fields, attributes, examples);
    }

    private Map<LeadField, FieldRule> fields(Object node, String defaultRegion) {
        Map<LeadField, FieldRule> rules = new EnumMap<>(LeadField.class);
        if (node == null) {
            problem("has no fields:", "add a fields: section mapping lead fields " + LeadField.names()
                    + " to the submission, e.g. email: { from: email }");
            return rules;
        }
        if (!(node instanceof Map<?, ?> map) || map.isEmpty()) {
            problem("fields: is not a non-empty mapping", "give each lead field as e.g. email: { from: email }");
            return rules;
        }
        map.forEach((key, spec) -> {
            String target = String.valueOf(key);
            Optional<LeadField> field = LeadField.fromName(target);
            if (field.isEmpty()) {
                problem("fields." + target + " is not a lead field",
                        "use one of " + String.join(", ", LeadField.names()) + ", or move it under attributes:");
                return;
            }
            rule("fields." + target, target, spec, defaultRegion).ifPresent(rule -> rules.put(field.get(), rule));
        });
        return rules;
    }

    private List<FieldRule> attributes(Object node, String defaultRegion) {
        List<FieldRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem("attributes: is not a mapping", "give each attribute as e.g. utm_source: { from: utm_source }");
            return rules;
        }
        map.forEach((key, spec) -> {
            String name = String.valueOf(key);
            if (LeadField.fromName(name).isPresent()) {
                problem("attributes." + name + " is a lead field", "move it under fields:");
                return;
            }
            rule("attributes." + name, name, spec, defaultRegion).ifPresent(rules::add);
        });
        return rules;
    }

    private Optional<FieldRule> rule(String where, String name, Object spec, String defaultRegion) {
        if (!(spec instanceof Map<?, ?> map)) {
            problem(where + " is not a mapping", "write it as " + where.substring(where.indexOf('.') + 1)
                    + ": { from: <field or $.json.path>, required: true|false, default: <value>, transform: [...] }");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(map, RULE_KEYS, "key in " + where);
        List<ValueSource> from = from(where, map.get("from"));

        boolean required = false;
        Object requiredNode = map.get("required");
        if (requiredNode instanceof Boolean flag) {
            required = flag;
        } else if (requiredNode != null) {
            problem(where + ".required is '" + requiredNode + "', not a boolean", "write required: true or required: false");
        }

        String defaultValue = null;
        Object defaultNode = map.get("default");
        if (defaultNode instanceof String text) {
            defaultValue = text;
        } else if (defaultNode != null) {
            problem(where + ".default is " + describeNonText(defaultNode) + ", not text",
                    "quote it, e.g. default: 'NO'");
        }
        if (required && defaultValue != null) {
            problem(where + " is required and has a default, so it can never be missing",
                    "remove required: true or the default");
        }

        UnaryOperator<String> transform = transforms(where, map.get("transform"), defaultRegion);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new FieldRule(name, from, required, defaultValue, transform));
    }

    private List<ValueSource> from(String where, Object node) {
        List<ValueSource> sources = new ArrayList<>();
        List<?> alternatives = node instanceof List<?> list ? list : node == null ? List.of() : List.of(node);
        if (alternatives.isEmpty()) {
            problem(where + " has no from:", "name the submission field(s) to read, e.g. from: [email, $.contact.email]");
        }
        for (Object alternative : alternatives) {
            if (!(alternative instanceof String expression) || expression.isBlank()) {
                problem(where + ".from contains '" + alternative + "', not a field name or JsonPath",
                        "give a top-level field name like email or a JsonPath starting with $, e.g. $.contact.email");
                continue;
            }
            try {
                sources.add(ValueSource.of(expression));
            } catch (InvalidPathException e) {
                problem(where + ".from '" + expression + "' is not a valid JsonPath (" + e.getMessage() + ")",
                        "correct the path, e.g. $.contact.email or $['contact']['e-mail']");
            }
        }
        return sources;
    }

    private UnaryOperator<String> transforms(String where, Object node, String defaultRegion) {
        UnaryOperator<String> composed = UnaryOperator.identity();
        if (node == null) {
            return composed;
        }
        List<?> names = node instanceof List<?> list ? list : List.of(node);
        for (Object name : names) {
            Optional<UnaryOperator<String>> transform = Transforms.named(String.valueOf(name), defaultRegion);
            if (transform.isEmpty()) {
                problem(where + ".transform '" + name + "' does not exist",
                        "use one of " + String.join(", ", Transforms.names()));
                continue;
            }
            UnaryOperator<String> previous = composed;
            UnaryOperator<String> next = transform.get();
            composed = s -> next.apply(previous.apply(s));
        }
        return composed;
    }

    private List<MappingExample> examples(Object node, Set<String> attributeNames) {
        List<MappingExample> examples = new ArrayList<>();
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            problem("has no examples:", "add at least one example with name, input and expect (or errors); "
                    + "the build runs them");
            return examples;
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "examples[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem(where + " is not a mapping", "write it as { name: ..., input: {...}, expect: {...} }");
                continue;
            }
            unknownKeys(map, EXAMPLE_KEYS, "key in " + where);
            Object nameNode = map.get("name");
            String name = nameNode instanceof String text && !text.isBlank() ? text : null;
            if (name == null) {
                problem(where + " has no name", "add name: <what the example shows>");
            } else if (!names.add(name)) {
                problem(where + " repeats the name '" + name + "'", "give every example its own name");
            }
            where = name == null ? where : "example '" + name + "'";
            Map<String, Object> input = stringKeyed(where, "input", map.get("input"));
            Map<String, Object> expect = stringKeyed(where, "expect", map.get("expect"));
            List<String> errors = errors(where, map.get("errors"), attributeNames);
            if (input == null) {
                problem(where + " has no input", "add input: { <field>: <value>, ... } as the source sends it");
            }
            if ((expect == null) == (errors == null)) {
                problem(where + " must have exactly one of expect: or errors:",
                        "use expect: {<lead field>: <value>} for an accepted lead or errors: [<field>] for a rejected one");
            }
            if (expect != null) {
                checkExpectKeys(where, expect, attributeNames);
            }
            examples.add(new MappingExample(name, input, expect, errors));
        }
        return examples;
    }

    private void checkExpectKeys(String where, Map<String, Object> expect, Set<String> attributeNames) {
        expect.forEach((key, value) -> {
            if (ATTRIBUTES.equals(key)) {
                Map<String, Object> attributes = stringKeyed(where, "expect.attributes", value);
                if (attributes != null) {
                    attributes.keySet().stream().filter(a -> !attributeNames.contains(a)).forEach(a -> problem(
                            where + " expects attribute '" + a + "', which attributes: does not declare",
                            "declare it under attributes: or use one of " + attributeNames));
                }
            } else if (LeadField.fromName(key).isEmpty()) {
                problem(where + " expects '" + key + "', which is not a lead field",
                        "use one of " + String.join(", ", LeadField.names()) + " or attributes: {...}");
            } else if (value instanceof Map || value instanceof List) {
                problem(where + " expects " + key + " to be a structure", "give the expected text value");
            }
        });
    }

    private List<String> errors(String where, Object node, Set<String> attributeNames) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            problem(where + ".errors is not a non-empty list", "write errors: [email] with the rejected field names");
            return List.of();
        }
        List<String> errors = new ArrayList<>();
        for (Object field : list) {
            String name = String.valueOf(field);
            if (LeadField.fromName(name).isEmpty() && !attributeNames.contains(name)) {
                problem(where + ".errors names '" + name + "', which is neither a lead field nor a declared attribute",
                        "use one of " + String.join(", ", LeadField.names()));
            }
            errors.add(name);
        }
        return errors;
    }

    private Map<String, Object> stringKeyed(String where, String key, Object node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(where + "." + key + " is not a mapping", "write it as " + key + ": { <field>: <value> }");
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private String text(Map<?, ?> root, String key, String what) {
        Object value = root.get(key);
        if (value == null || (value instanceof String s && s.isBlank())) {
            problem("has no " + key + ":", "add " + key + ": <" + what + ">");
            return null;
        }
        if (!(value instanceof String s)) {
            problem(key + " is " + describeNonText(value) + ", not text", "give " + key + " as quoted text: <" + what + ">");
            return null;
        }
        return s.strip();
    }

    private String optionalText(Map<?, ?> root, String key) {
        Object value = root.get(key);
        if (value == null || value instanceof String) {
            return value == null ? null : ((String) value).strip();
        }
        problem(key + " is " + describeNonText(value) + ", not text", "quote it, e.g. " + key + ": 'NO'");
        return null;
    }

    /** YAML 1.1 reads unquoted yes/no/on/off as booleans and 012 as an octal number; say so. */
    static String describeNonText(Object value) {
        if (value instanceof Boolean) {
            return "the boolean " + value + " (YAML reads unquoted yes/no/on/off/true/false as booleans)";
        }
        if (value instanceof Number) {
            return "the number " + value + " (YAML reads unquoted digits as numbers, leading 0 as octal)";
        }
        return "a " + (value instanceof Map ? "mapping" : value instanceof List ? "list" : "structure");
    }

    private void unknownKeys(Map<?, ?> map, List<String> allowed, String what) {
        map.keySet().stream().map(String::valueOf).filter(k -> !allowed.contains(k)).forEach(k ->
                problem("unknown " + what + " '" + k + "'", "use only " + String.join(", ", allowed)));
    }
}
