package io.leadrouter.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.jayway.jsonpath.InvalidPathException;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.leadrouter.lead.Countries;
import io.leadrouter.lead.LeadField;
import io.leadrouter.lead.PhoneNumbers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
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
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one mapping file, collecting every problem instead of stopping at the first: first its structure against
 * the JSON Schema shipped beside the mapping files (the classpath copy is {@value #SCHEMA_RESOURCE}), then what it
 * means (ids, lead fields, transforms, JsonPaths, examples).
 */
final class MappingLoader {

    static final String SUFFIX = ".mapping.yaml";
    static final String ATTRIBUTES = "attributes";
    static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final String CONSENT = "consent";
    static final List<String> CRMS = List.of("salesforce", "hubspot");
    /** The classpath resource of the mapping files' JSON Schema (a byte-identical copy of mappings/mapping.schema.json). */
    static final String SCHEMA_RESOURCE = "/mappings/mapping.schema.json";
    /** The largest mapping file read, in bytes. */
    static final int MAX_BYTES = 1024 * 1024;
    /** The deepest nesting of mappings and lists read (example inputs may be deep vendor payloads). */
    static final int MAX_DEPTH = 64;

    private static final List<String> TOP_LEVEL_KEYS = List.of("source", "title", "description", "crm",
            "defaultRegion", "events", "eventKey", "test", "embeddedJson", "fieldList", "fields", ATTRIBUTES, "examples");
    private static final List<String> RULE_KEYS = List.of("from", "required", "default", "transform");
    private static final List<String> ALTERNATIVE_KEYS = List.of("key", "path", "keyGlob", "transform");
    private static final List<String> EXAMPLE_KEYS =
            List.of("name", "input", "expect", "errors", "events", "eventKey", "test");
    private static final LevenshteinDistance EDITS = new LevenshteinDistance(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNode SCHEMA_TREE;
    private static final Schema SCHEMA;

    static {
        try (InputStream in = MappingLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the classpath resource " + SCHEMA_RESOURCE + " is missing");
            }
            SCHEMA_TREE = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
        SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_TREE);
    }

    private final Path file;
    private final String fileName;
    private final List<String> problems = new ArrayList<>();
    /** The source text of each unquoted scalar YAML read as a boolean or number, by path, for "quote it" fixes. */
    private final Map<String, String> raw = new HashMap<>();

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

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(false);
        return options;
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
        JsonNode tree = parse();
        if (tree == null) {
            return null;
        }
        if (!tree.isObject()) {
            problem("is not a YAML mapping of keys", "start the file with 'source: " + (stem == null ? "<id>" : stem)
                    + "' and the other top-level keys " + TOP_LEVEL_KEYS);
            return null;
        }
        int before = problems.size();
        new SchemaCheck().check(tree);
        if (problems.size() > before) {
            return null;
        }
        Object document = JSON.convertValue(tree, Object.class);
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
        List<String> crms = crms(root);
        String defaultRegion = optionalText(root, "defaultRegion");
        if (defaultRegion != null && !(Countries.isAlpha2(defaultRegion) && PhoneNumbers.isSupportedRegion(defaultRegion))) {
            problem("defaultRegion '" + defaultRegion + "' is not an ISO-3166 alpha-2 region with a phone numbering plan",
                    "use an upper-case two-letter code such as US, GB or DE, or remove defaultRegion");
        }

        EventSelector events = events(root.get("events"));
        ValueSource eventKey = root.get("eventKey") == null ? null : single("eventKey", root.get("eventKey"));
        FieldRule test = root.get("test") == null ? null : rule("test", "test", root.get("test")).orElse(null);
        List<FieldList> fieldLists = fieldLists(root.get("fieldList"));
        EmbeddedJson embeddedJson = embeddedJson(root.get("embeddedJson"));
        FieldRule[] consent = new FieldRule[1];
        Map<LeadField, FieldRule> fields = fields(root.get("fields"), consent);
        List<FieldRule> attributes = attributes(root.get(ATTRIBUTES));
        Set<String> attributeNames = new LinkedHashSet<>();
        attributes.forEach(rule -> attributeNames.add(rule.name()));
        if (embeddedJson != null) {
            attributeNames.addAll(embeddedJson.keys());
        }
        List<MappingExample> examples = examples(root.get("examples"), attributeNames);

        if (!problems.isEmpty()) {
            return null;
        }
        return new SourceMapping(source, title, description, crms, defaultRegion, fields, consent[0], attributes,
                examples, events, eventKey, test, fieldLists, embeddedJson);
    }

    /** The YAML as a tree, within the size, depth and alias bounds; null (with a problem) when it cannot be read. */
    private JsonNode parse() {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problem("is " + size + " bytes, over the limit of " + MAX_BYTES + " (1 MiB)",
                        "a mapping file is a few kilobytes; shorten the example inputs");
                return null;
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            problem("does not exist", "check the path");
            return null;
        } catch (IOException e) {
            problem("cannot be read (" + e.getMessage() + ")", "check that the file exists, is readable and UTF-8");
            return null;
        }
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() == null) {
                return JsonNodeFactory.instance.nullNode();
            }
            return node((YAMLParser) parser, "", 0);
        } catch (AliasException e) {
            problem(e.getMessage(), "write the value out in full (YAML anchors and aliases are not read)");
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = oneLine(e.getOriginalMessage());
            if (message.contains("aliases")) {
                problem("uses a YAML alias" + where, "write the value out in full (YAML anchors and aliases are not read)");
            } else {
                problem("is not valid YAML" + where + " (" + message + ")", "correct the YAML syntax");
            }
            return null;
        } catch (IOException e) {
            problem("cannot be read (" + e.getMessage() + ")", "check that the file is readable");
            return null;
        }
    }

    private JsonNode node(YAMLParser p, String path, int depth) throws IOException {
        JsonToken token = p.currentToken();
        if (p.isCurrentAlias()) {
            throw new AliasException((path.isEmpty() ? "the document" : path) + " is the YAML alias *" + p.getText()
                    + ", which is not supported");
        }
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
            throw new JsonParseException(p, path + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                object.set(key, node(p, path.isEmpty() ? key : path + "." + key, depth + 1));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                array.add(node(p, path + "[" + array.size() + "]", depth + 1));
            }
            return array;
        }
        if (token == JsonToken.VALUE_STRING) {
            return JsonNodeFactory.instance.textNode(p.getText());
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            raw.put(path, p.getText());
            return switch (p.getNumberType()) {
                case INT -> JsonNodeFactory.instance.numberNode(p.getIntValue());
                case LONG -> JsonNodeFactory.instance.numberNode(p.getLongValue());
                case BIG_INTEGER -> JsonNodeFactory.instance.numberNode(p.getBigIntegerValue());
                case BIG_DECIMAL -> JsonNodeFactory.instance.numberNode(p.getDecimalValue());
                default -> JsonNodeFactory.instance.numberNode(p.getDecimalValue());
            };
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            raw.put(path, p.getText());
            return JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
        }
        return JsonNodeFactory.instance.nullNode();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** A YAML alias, reported with its place. */
    private static final class AliasException extends IOException {
        AliasException(String message) {
            super(message);
        }
    }

    private EventSelector events(Object node) {
        if (node == null) {
            return null;
        }
        String expression = String.valueOf(node);
        try {
            return EventSelector.compile(expression);
        } catch (InvalidPathException e) {
            problem("events '" + expression + "' is not a valid JsonPath (" + e.getMessage() + ")",
                    "correct the path to the list of events, e.g. $[*] or $.notifications.Notification[*]");
            return null;
        }
    }

    private ValueSource single(String where, Object node) {
        List<ValueSource> sources = from(where, node, false);
        return sources.isEmpty() ? null : sources.get(0);
    }

    private EmbeddedJson embeddedJson(Object node) {
        if (node == null) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (Object key : node instanceof List<?> list ? list : List.of(node)) {
            String text = String.valueOf(key);
            if (text.startsWith("$")) {
                problem("embeddedJson '" + text + "' is a JsonPath", "name the top-level field holding the JSON text, e.g. data.json");
            } else {
                keys.add(text);
            }
        }
        return new EmbeddedJson(keys);
    }

    private List<FieldList> fieldLists(Object node) {
        List<FieldList> lists = new ArrayList<>();
        if (node == null) {
            return lists;
        }
        List<?> specs = node instanceof List<?> list ? list : List.of(node);
        for (int i = 0; i < specs.size(); i++) {
            String where = specs.size() == 1 && !(node instanceof List) ? "fieldList" : "fieldList[" + i + "]";
            if (!(specs.get(i) instanceof Map<?, ?> spec)) {
                continue;
            }
            String expression = String.valueOf(spec.get("path"));
            try {
                lists.add(new FieldList(expression, com.jayway.jsonpath.JsonPath.compile(expression),
                        from(where + ".name", spec.get("name"), false), from(where + ".value", spec.get("value"), false)));
            } catch (InvalidPathException e) {
                problem(where + ".path '" + expression + "' is not a valid JsonPath (" + e.getMessage() + ")",
                        "correct the path to the list of pairs, e.g. $.user_column_data[*]");
            }
        }
        return lists;
    }

    private Map<LeadField, FieldRule> fields(Object node, FieldRule[] consent) {
        Map<LeadField, FieldRule> rules = new EnumMap<>(LeadField.class);
        if (node == null) {
            problem("has no fields:", "add a fields: section mapping lead fields " + fieldNames()
                    + " to the submission, e.g. email: { from: email }");
            return rules;
        }
        if (!(node instanceof Map<?, ?> map) || map.isEmpty()) {
            problem("fields: is not a non-empty mapping", "give each lead field as e.g. email: { from: email }");
            return rules;
        }
        map.forEach((key, spec) -> {
            String target = String.valueOf(key);
            if (CONSENT.equals(target)) {
                rule("fields." + target, target, spec).ifPresent(rule -> consent[0] = rule);
                return;
            }
            Optional<LeadField> field = LeadField.fromName(target);
            if (field.isEmpty()) {
                problem("fields." + target + " is not a lead field",
                        "use one of " + String.join(", ", fieldNames()) + ", or move it under attributes:");
                return;
            }
            rule("fields." + target, target, spec).ifPresent(rule -> rules.put(field.get(), rule));
        });
        return rules;
    }

    private List<FieldRule> attributes(Object node) {
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
            if (LeadField.fromName(name).isPresent() || CONSENT.equals(name)) {
                problem("attributes." + name + " is a lead field", "move it under fields:");
                return;
            }
            rule("attributes." + name, name, spec).ifPresent(rules::add);
        });
        return rules;
    }

    private Optional<FieldRule> rule(String where, String name, Object spec) {
        if (!(spec instanceof Map<?, ?> map)) {
            problem(where + " is not a mapping", "write it as " + where.substring(where.indexOf('.') + 1)
                    + ": { from: <field or $.json.path>, required: true|false, default: <value>, transform: [...] }");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(map, RULE_KEYS, "key in " + where);
        List<ValueSource> from = from(where, map.get("from"), true);

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

        UnaryOperator<String> transform = transforms(where, map.get("transform"));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new FieldRule(name, from, required, defaultValue, transform));
    }

    /** The alternatives of a from:; {@code objects} allows { key | path | keyGlob, transform } alternatives (rules). */
    private List<ValueSource> from(String where, Object node, boolean objects) {
        List<ValueSource> sources = new ArrayList<>();
        List<?> alternatives = node instanceof List<?> list ? list : node == null ? List.of() : List.of(node);
        if (alternatives.isEmpty()) {
            problem(where + " has no from:", "name the submission field(s) to read, e.g. from: [email, $.contact.email]");
        }
        for (int i = 0; i < alternatives.size(); i++) {
            Object alternative = alternatives.get(i);
            if (objects && alternative instanceof Map<?, ?> spec) {
                alternative(where + ".from[" + i + "]", spec).ifPresent(sources::add);
                continue;
            }
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

    /** One object alternative: exactly one of key, path or keyGlob, with an optional transform of its own. */
    private Optional<ValueSource> alternative(String where, Map<?, ?> spec) {
        int before = problems.size();
        unknownKeys(spec, ALTERNATIVE_KEYS, "key in " + where);
        List<String> kinds = ALTERNATIVE_KEYS.stream().filter(k -> !"transform".equals(k) && spec.containsKey(k)).toList();
        if (kinds.size() != 1) {
            problem(where + (kinds.isEmpty() ? " names no field to read" : " has " + String.join(" and ", kinds)
                    + ", more than one field to read"), "give exactly one of key: full_name, path: $.contact.name"
                    + " or keyGlob: 'acceptance-*' (and optionally transform: [...])");
            return Optional.empty();
        }
        String kind = kinds.get(0);
        Object value = spec.get(kind);
        if (!(value instanceof String text) || text.isBlank()) {
            problem(where + "." + kind + " is " + (value instanceof String ? "empty text" : describeNonText(value))
                    + ", not a field name", "write " + kind + ": <text>, quoted when YAML would read it otherwise");
            return Optional.empty();
        }
        ValueSource source = null;
        switch (kind) {
            case "key" -> source = new ValueSource.Key(text);
            case "path" -> {
                if (!text.startsWith("$")) {
                    problem(where + ".path '" + text + "' does not start with $",
                            "write a JsonPath such as $.contact.name, or use key: " + text + " for a top-level key");
                } else {
                    try {
                        source = ValueSource.of(text);
                    } catch (InvalidPathException e) {
                        problem(where + ".path '" + text + "' is not a valid JsonPath (" + e.getMessage() + ")",
                                "correct the path, e.g. $.contact.email or $['contact']['e-mail']");
                    }
                }
            }
            default -> {
                long stars = text.chars().filter(c -> c == '*').count();
                if (stars == 0) {
                    problem(where + ".keyGlob '" + text + "' has no *", "use key: " + text
                            + " for one exact key, or put * where the key varies, e.g. keyGlob: 'acceptance-*'");
                } else if (stars > ValueSource.Glob.MAX_WILDCARDS) {
                    problem(where + ".keyGlob '" + text + "' has " + stars + " *, over the limit of "
                            + ValueSource.Glob.MAX_WILDCARDS, "use fewer wildcards; ** is the same as *");
                } else {
                    source = new ValueSource.Glob(text);
                }
            }
        }
        Object transformNode = spec.get("transform");
        UnaryOperator<String> transform = transforms(where, transformNode);
        if (problems.size() > before || source == null) {
            return Optional.empty();
        }
        if (transformNode == null) {
            return Optional.of(source);
        }
        List<String> names = (transformNode instanceof List<?> list ? list : List.of(transformNode)).stream()
                .map(String::valueOf).toList();
        return Optional.of(new ValueSource.Transformed(source, transform, names));
    }

    private UnaryOperator<String> transforms(String where, Object node) {
        UnaryOperator<String> composed = UnaryOperator.identity();
        if (node == null) {
            return composed;
        }
        List<?> names = node instanceof List<?> list ? list : List.of(node);
        for (Object name : names) {
            Optional<UnaryOperator<String>> transform = Transforms.named(String.valueOf(name));
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
            Object input = map.get("input");
            Map<String, Object> expect = stringKeyed(where, "expect", map.get("expect"));
            List<String> errors = errors(where, map.get("errors"), attributeNames);
            Integer events = map.get("events") instanceof Integer count ? count : null;
            String eventKey = map.get("eventKey") == null ? null : String.valueOf(map.get("eventKey"));
            Boolean test = map.get("test") instanceof Boolean flag ? flag : null;
            if (input == null) {
                problem(where + " has no input", "add input: { <field>: <value>, ... } as the source sends it");
            }
            if (expect != null && errors != null) {
                problem(where + " must have exactly one of expect: or errors:",
                        "use expect: {<lead field>: <value>} for an accepted lead or errors: [<field>] for a rejected one");
            } else if (expect == null && errors == null && events == null && eventKey == null && test == null) {
                problem(where + " has no expect:, errors:, events:, eventKey: or test:",
                        "use expect: {<lead field>: <value>} for an accepted lead, errors: [<field>] for a rejected one"
                                + " or events: <count> for a batch");
            }
            if (expect != null) {
                checkExpectKeys(where, expect, attributeNames);
            }
            examples.add(new MappingExample(name, input, expect, errors, events, eventKey, test));
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
            } else if (CONSENT.equals(key)) {
                return; // the schema allows only true, false or ~
            } else if (LeadField.fromName(key).isEmpty()) {
                problem(where + " expects '" + key + "', which is not a lead field",
                        "use one of " + String.join(", ", fieldNames()) + " or attributes: {...}");
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
            if (LeadField.fromName(name).isEmpty() && !CONSENT.equals(name) && !attributeNames.contains(name)) {
                problem(where + ".errors names '" + name + "', which is neither a lead field nor a declared attribute",
                        "use one of " + String.join(", ", fieldNames()));
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

    /** {@code crm: salesforce} or {@code crm: [salesforce, hubspot]}: the CRMs, in file order, without repeats. */
    private List<String> crms(Map<?, ?> root) {
        Object value = root.get("crm");
        if (!(value instanceof List<?> list)) {
            String crm = text(root, "crm", "one of " + String.join(", ", CRMS) + ", or a list of them");
            if (crm == null) {
                return List.of();
            }
            if (!CRMS.contains(crm)) {
                problem("crm '" + crm + "' is not supported", "set crm to one of " + String.join(", ", CRMS));
                return List.of();
            }
            return List.of(crm);
        }
        if (list.isEmpty()) {
            problem("crm is an empty list", "name at least one CRM, e.g. crm: [salesforce, hubspot]");
            return List.of();
        }
        Set<String> crms = new LinkedHashSet<>();
        for (Object item : list) {
            String crm = item instanceof String s ? s.strip() : null;
            if (crm == null || !CRMS.contains(crm)) {
                problem("crm lists '" + item + "', which is not supported",
                        "list only " + String.join(", ", CRMS) + ", e.g. crm: [salesforce, hubspot]");
            } else if (!crms.add(crm)) {
                problem("crm lists '" + crm + "' twice", "name each CRM once");
            }
        }
        return List.copyOf(crms);
    }

    private String optionalText(Map<?, ?> root, String key) {
        Object value = root.get(key);
        if (value == null || value instanceof String) {
            return value == null ? null : ((String) value).strip();
        }
        problem(key + " is " + describeNonText(value) + ", not text", "quote it, e.g. " + key + ": 'NO'");
        return null;
    }

    /** The targets a {@code fields:} entry may name: every lead text field and {@code consent}. */
    static List<String> fieldNames() {
        List<String> names = new ArrayList<>(LeadField.names());
        names.add(CONSENT);
        return names;
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

    /** Validates the structure against the JSON Schema and turns each schema error into a problem with its fix. */
    private final class SchemaCheck {

        void check(JsonNode root) {
            List<com.networknt.schema.Error> errors = new ArrayList<>(SCHEMA.validate(root));
            errors.sort(Comparator.comparing(e -> e.getInstanceLocation().toString()));
            Set<String> seen = new LinkedHashSet<>();
            for (com.networknt.schema.Error error : errors) {
                translate(error, seen);
            }
        }

        private void translate(com.networknt.schema.Error error, Set<String> seen) {
            String path = path(error.getInstanceLocation());
            String pointer = error.getSchemaLocation().toString();
            pointer = pointer.substring(pointer.indexOf('#') + 1);
            JsonNode owner = SCHEMA_TREE.at(parent(pointer));
            JsonNode node = error.getInstanceNode();
            String key = key(path);
            String where = path.isEmpty() ? "the file" : path;
            int before = problems.size();
            switch (error.getKeyword()) {
                case "additionalProperties" -> unknownKey(path, error.getProperty(), owner);
                case "required" -> {
                    JsonNode property = owner.path("properties").path(error.getProperty());
                    String what = description(property.isMissingNode() ? owner : property);
                    problem((path.isEmpty() ? "" : path + " ") + "has no " + error.getProperty() + ":",
                            "add " + error.getProperty() + ": <" + what + ">");
                }
                case "type" -> type(path, key, node, SCHEMA_TREE.at(pointer), owner);
                case "enum" -> {
                    List<String> allowed = names(SCHEMA_TREE.at(pointer));
                    String value = node.asText();
                    if (pointer.startsWith("/$defs/transform")) {
                        problem(parentPath(path) + " '" + value + "' does not exist",
                                didYouMean(value, allowed) + "use one of " + String.join(", ", allowed));
                    } else {
                        problem(where + " '" + value + "' is not supported",
                                didYouMean(value, allowed) + "set " + key + " to one of " + String.join(", ", allowed));
                    }
                }
                case "pattern" -> pattern(path, key, node.asText(), owner);
                case "minLength" -> problem(where + " is empty text", key.matches("\\d+")
                        ? "write a value or remove the empty entry" : "write " + example(key, owner));
                case "minItems" -> problem(where + " is an empty list", "write " + example(key, owner));
                case "minProperties" -> problem(where + " is empty", "write " + example(key, owner));
                case "minimum" -> problem(where + " is " + node.asText() + ", below the minimum "
                        + SCHEMA_TREE.at(pointer).asText(), "write a number of at least " + SCHEMA_TREE.at(pointer).asText());
                default -> problem(where + ": " + error.getMessage(), "see mapping.schema.json: " + description(owner));
            }
            // one problem per place and kind: a value of the wrong type can fail several keywords at once
            for (int i = problems.size() - 1; i >= before; i--) {
                if (!seen.add(problems.get(i))) {
                    problems.remove(i);
                }
            }
        }

        private void unknownKey(String path, String key, JsonNode owner) {
            List<String> known = names(owner.path("properties"));
            if ("fields".equals(path)) {
                problem("fields." + key + " is not a lead field", didYouMean(key, known) + "use one of "
                        + String.join(", ", known) + ", or move it under attributes:");
            } else if (path.isEmpty()) {
                problem("unknown top-level key '" + key + "'", didYouMean(key, known) + "use only " + String.join(", ", known));
            } else {
                problem("unknown key in " + path + " '" + key + "'", didYouMean(key, known) + "use only "
                        + String.join(", ", known));
            }
        }

        private void type(String path, String key, JsonNode node, JsonNode expected, JsonNode owner) {
            List<String> types = expected.isArray() ? names(expected) : List.of(expected.asText());
            String rawText = raw.getOrDefault(path, node.asText());
            String where = path.isEmpty() ? "the file" : path;
            if ((node.isBoolean() || node.isNumber()) && types.contains("string")) {
                Object value = node.isBoolean() ? (Object) node.booleanValue() : node.numberValue();
                problem(where + " is " + describeNonText(value) + ", not text", key.matches("\\d+")
                        ? "quote it: '" + rawText + "'" : "quote it, e.g. " + key + ": '" + rawText + "'");
            } else if (types.equals(List.of("boolean"))) {
                problem(where + " is '" + node.asText() + "', not a boolean", "write " + key + ": true or " + key + ": false");
            } else {
                String found = node.isNull() ? "empty" : node.isObject() ? "a mapping" : node.isArray() ? "a list"
                        : node.isTextual() ? "the text '" + node.asText() + "'" : "the value " + node.asText();
                problem(where + " is " + found + ", not " + typeWords(types), "write " + example(key, owner));
            }
        }

        private void pattern(String path, String key, String value, JsonNode owner) {
            switch (path) {
                case "source" -> problem("source '" + value + "' is not a valid source id",
                        "use lower-case letters, digits and dashes, e.g. form-acme-contact");
                case "defaultRegion" -> problem("defaultRegion '" + value + "' is not an ISO-3166 alpha-2 region with a"
                        + " phone numbering plan", "use an upper-case two-letter code such as US, GB or DE, or remove"
                        + " defaultRegion");
                default -> problem(path + " '" + value + "' is not valid", "write " + example(key, owner));
            }
        }

        /** e.g. {@code from: [email, $.contact.email]} from the schema's first example, or its description. */
        private String example(String key, JsonNode owner) {
            JsonNode schema = owner.path("properties").path(key);
            schema = schema.isMissingNode() ? owner : schema;
            JsonNode examples = schema.path("examples");
            if (examples.isEmpty() && schema.has("$ref")) {
                examples = SCHEMA_TREE.at(schema.get("$ref").asText().substring(1)).path("examples");
            }
            String prefix = key.isEmpty() || key.matches("\\d+") ? "" : key + ": ";
            return examples.isEmpty() ? prefix + "<" + description(schema) + ">" : prefix + flow(examples.get(0));
        }

        private String description(JsonNode schema) {
            JsonNode text = schema.path("description");
            if (text.isMissingNode() && schema.has("$ref")) {
                text = SCHEMA_TREE.at(schema.get("$ref").asText().substring(1)).path("description");
            }
            String d = text.asText("a value");
            d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
            return d.isEmpty() ? d : Character.toLowerCase(d.charAt(0)) + d.substring(1);
        }
    }

    /** A JSON value in YAML flow style, e.g. {@code { from: [email, $.contact.email] }}. */
    private static String flow(JsonNode node) {
        if (node.isObject()) {
            List<String> entries = new ArrayList<>();
            node.properties().forEach(e -> entries.add(e.getKey() + ": " + flow(e.getValue())));
            return "{ " + String.join(", ", entries) + " }";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(flow(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return node.asText();
    }

    private static String didYouMean(String value, List<String> known) {
        return known.stream()
                .filter(candidate -> EDITS.apply(value.toLowerCase(java.util.Locale.ROOT),
                        candidate.toLowerCase(java.util.Locale.ROOT)) >= 0)
                .min(Comparator.comparingInt(candidate -> EDITS.apply(value.toLowerCase(java.util.Locale.ROOT),
                        candidate.toLowerCase(java.util.Locale.ROOT))))
                .map(candidate -> "did you mean '" + candidate + "'? ")
                .orElse("");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        } else if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    private static String typeWords(List<String> types) {
        List<String> words = types.stream().map(t -> switch (t) {
            case "string" -> "text";
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "null" -> "empty";
            default -> t;
        }).toList();
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private static String path(NodePath location) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                s.append('[').append(index).append(']');
            } else {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(element);
            }
        }
        return s.toString();
    }

    private static String key(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        String last = cut < 0 ? path : path.substring(cut + 1);
        return last.endsWith("]") ? last.substring(0, last.length() - 1) : last;
    }

    private static String parentPath(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? path : path.substring(0, cut);
    }

    private static String parent(String pointer) {
        int cut = pointer.lastIndexOf('/');
        return cut <= 0 ? "" : pointer.substring(0, cut);
    }
}
