package io.leadrouter.distribution;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.leadrouter.lead.Countries;
import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadField;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads and validates {@code policy/distribution.yaml}: first its structure against the JSON Schema shipped beside
 * it (the canonical copy is the classpath resource {@value #SCHEMA_RESOURCE}), then what it means (ids that must
 * exist, Salesforce ids, zones, ladders, rule order), then runs its examples. It either returns a complete
 * {@link Policy} or throws a {@link PolicyException} listing every problem, each with its YAML path and the fix.
 */
public final class PolicyLoader {
    /** The classpath resource of the policy's JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/policy/distribution.schema.json";
    /** When an example lead arrives unless it says otherwise: a Monday, 10:00 UTC. */
    public static final Instant DEFAULT_EXAMPLE_AT = Instant.parse("2025-03-03T10:00:00Z");

    /** The largest policy read, in bytes (file) or characters (text). */
    public static final int MAX_BYTES = 1024 * 1024;
    /** The deepest nesting of mappings and lists read. */
    static final int MAX_DEPTH = 32;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String ID_FIX = "use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final Pattern SALESFORCE_ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");
    private static final String SALESFORCE_USER_FIX = "copy the user's id from Salesforce (Setup > Users > the user: the id"
            + " in the address bar), in quotes";
    private static final String SALESFORCE_QUEUE_FIX = "copy the queue's id from Salesforce (Setup > Queues > the queue: the"
            + " id in the address bar), in quotes";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[A-Za-z0-9_.-]{1,200}}}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
    private static final String CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** Days and every range of days, for "did you mean". */
    private static final List<String> DAY_WORDS = java.util.stream.Stream.concat(DAYS.stream(),
            DAYS.stream().flatMap(from -> DAYS.stream().filter(to -> !to.equals(from)).map(to -> from + "-" + to))).toList();
    private static final Set<String> YAML_WORDS = Set.of("yes", "no", "on", "off", "true", "false", "null", "y", "n");
    /** Text YAML reads back as the same text when written without quotes (in flow style). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/@][A-Za-z0-9 _./@()+-]*");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?(0[xob])?[0-9_.]+([eE][-+]?[0-9]+)?");
    private static final LevenshteinDistance EDITS = new LevenshteinDistance(2);

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH * 2).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final JsonNode SCHEMA_TREE;
    private static final Schema SCHEMA;

    static {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the classpath resource " + SCHEMA_RESOURCE + " is missing");
            }
            SCHEMA_TREE = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
        SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_TREE);
    }

    private PolicyLoader() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_DEPTH * 2);
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** Loads the policy file; problems name the file as given. */
    public static Policy load(Path file) {
        String name = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new PolicyException(List.of(tooLarge(name, size, "bytes")));
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PolicyException(List.of(name + ": (file): not found — fix: create it, or point leadrouter at the policy file's path"));
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": (file): cannot be read (" + e + ") — fix: check that the file is readable and UTF-8"));
        }
        return parse(name, text);
    }

    /**
     * Parses policy text (from the file, or a policy proposed through the admin API); {@code fileName} names it in
     * problem messages. Text over {@value #MAX_BYTES} characters is refused unread.
     */
    public static Policy parse(String fileName, String yaml) {
        if (yaml.length() > MAX_BYTES) {
            throw new PolicyException(List.of(tooLarge(fileName, yaml.length(), "characters")));
        }
        Tree tree = Tree.read(fileName, yaml);
        Problems problems = new Problems(fileName, tree);
        if (tree.root == null || !tree.root.isObject()) {
            problems.add("(document)", "expected a mapping with the keys " + names(SCHEMA_TREE.path("properties")),
                    "start the file with 'reps:', 'teams:' and 'rules:' (see the shipped policy/distribution.yaml)");
            throw problems.exception();
        }
        new SchemaCheck(problems).check(tree.root);
        Policy policy;
        try {
            policy = new Reader(problems).read(tree.root);
        } catch (RuntimeException e) {
            if (problems.isEmpty()) {
                throw e;
            }
            // the structure is broken in a way the schema problems already describe
            throw problems.exception();
        }
        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        for (PolicyExamples.Failure failure : PolicyExamples.check(policy)) {
            problems.add("examples[" + failure.index() + "]", "example '" + failure.example().name() + "' fails: "
                    + failure.problem(), "correct the policy (the trace says which rule and reps decided), or the example's expect");
        }
        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        return policy;
    }

    private static String tooLarge(String fileName, long size, String unit) {
        return fileName + ": (file): is " + size + " " + unit + ", over the limit of " + MAX_BYTES + " (1 MiB) — fix: a"
                + " policy is a few kilobytes; check that this is the right file";
    }

    /** The parsed YAML with, per path, the source text of each number and boolean and the document order of nodes. */
    private static final class Tree {
        final JsonNode root;
        final Map<String, String> raw = new HashMap<>();
        /** Path to {first, last} pre-order position of the node and its descendants. */
        final Map<String, int[]> span = new HashMap<>();
        private final List<String> aliases = new ArrayList<>();
        private final String file;
        private int position;

        private Tree(String file, String text) throws IOException {
            this.file = file;
            try (JsonParser parser = YAML.createParser(text)) {
                JsonToken first = parser.nextToken();
                root = first == null ? null : value((YAMLParser) parser, "", 0);
                if (first != null && parser.nextToken() != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new PolicyException(List.of(file + ": line " + at.getLineNr() + ", column " + at.getColumnNr()
                            + ": a second YAML document — fix: keep the whole policy in one document (remove the '---')"));
                }
            }
        }

        static Tree read(String file, String text) {
            Tree tree;
            try {
                tree = new Tree(file, text);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "(document)" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
                throw new PolicyException(List.of(file + ": " + where + ": not valid YAML: " + oneLine(e.getOriginalMessage())
                        + " — fix: correct the YAML there (indentation, quoting, a key given twice)"));
            } catch (IOException e) {
                throw new PolicyException(List.of(file + ": (file): cannot be read (" + e + ") — fix: check the file"));
            }
            if (!tree.aliases.isEmpty()) {
                throw new PolicyException(tree.aliases);
            }
            return tree;
        }

        private JsonNode value(YAMLParser p, String path, int depth) throws IOException {
            int start = position++;
            JsonNode node;
            JsonToken token = p.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                if (depth >= MAX_DEPTH) {
                    throw new PolicyException(List.of(file + ": " + shown(path) + ": nested more than " + MAX_DEPTH
                            + " levels deep — fix: a policy needs a few levels; flatten the conditions"));
                }
            }
            if (token == JsonToken.START_OBJECT) {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    object.set(key, value(p, path.isEmpty() ? key : path + "." + key, depth + 1));
                }
                node = object;
            } else if (token == JsonToken.START_ARRAY) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p, path + "[" + i++ + "]", depth + 1));
                }
                node = array;
            } else if (token == JsonToken.VALUE_STRING) {
                if (p.isCurrentAlias()) {
                    aliases.add(file + ": " + shown(path) + ": the YAML alias *" + p.getText() + " is not supported"
                            + " — fix: write the value out in full (anchors and aliases are not read)");
                }
                node = JsonNodeFactory.instance.textNode(p.getText());
            } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                raw.put(path, p.getText());
                node = switch (p.getNumberType()) {
                    case INT -> JsonNodeFactory.instance.numberNode(p.getIntValue());
                    case LONG -> JsonNodeFactory.instance.numberNode(p.getLongValue());
                    case BIG_INTEGER -> JsonNodeFactory.instance.numberNode(p.getBigIntegerValue());
                    case BIG_DECIMAL -> JsonNodeFactory.instance.numberNode(p.getDecimalValue());
                    default -> JsonNodeFactory.instance.numberNode(p.getDoubleValue());
                };
            } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                raw.put(path, p.getText());
                node = JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
            } else {
                node = JsonNodeFactory.instance.nullNode();
            }
            span.put(path, new int[] {start, position});
            return node;
        }

        /** Sort key of a path in document order; a path that is not in the file sorts at the end of its parent. */
        double order(String path) {
            int[] s = span.get(path);
            if (s != null) {
                return s[0];
            }
            String parent = parent(path);
            while (parent != null) {
                int[] p = span.get(parent);
                if (p != null) {
                    return p[1] - 0.5;
                }
                parent = parent(parent);
            }
            return -1;
        }

        private static String parent(String path) {
            if (path.isEmpty()) {
                return null;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            return cut <= 0 ? "" : path.substring(0, cut);
        }
    }

    /** Every problem found, kept in document order of its path. */
    private static final class Problems {
        private record Problem(String path, String text) {
        }

        private final String file;
        private final Tree tree;
        private final List<Problem> list = new ArrayList<>();

        Problems(String file, Tree tree) {
            this.file = file;
            this.tree = tree;
        }

        void add(String path, String problem, String fix) {
            list.add(new Problem(path, file + ": " + shown(path) + ": " + problem + " — fix: " + fix));
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        PolicyException exception() {
            List<Problem> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingDouble(p -> p.path.startsWith("(") ? -2 : tree.order(p.path)));
            return new PolicyException(sorted.stream().map(Problem::text).distinct().toList());
        }
    }

    private static String shown(String path) {
        return path.isEmpty() ? "(document)" : path;
    }

    /** Validates the structure against the JSON Schema and turns each schema error into a problem with its fix. */
    private static final class SchemaCheck {
        private static final Map<String, String> NOUNS = Map.ofEntries(
                Map.entry("reps", "rep"), Map.entry("members", "rep"), Map.entry("rep", "rep"),
                Map.entry("teams", "team"), Map.entry("team", "team"), Map.entry("queues", "queue"),
                Map.entry("queue", "queue"), Map.entry("ladders", "ladder"), Map.entry("ladder", "ladder"),
                Map.entry("rules", "rule"), Map.entry("rule", "rule"), Map.entry("skills", "skill"),
                Map.entry("fallback", "fallback owner"), Map.entry("steps", "step"), Map.entry("days", "day"),
                Map.entry("examples", "example"), Map.entry("all", "condition"), Map.entry("any", "condition"),
                Map.entry("freeMailDomains", "domain"));
        private static final Map<String, String> KEY_KINDS = Map.of(
                "condition", "lead field", "crmUserIds", "CRM", "matcher", "matcher", "action", "action",
                "step", "step kind");

        private final Problems problems;

        SchemaCheck(Problems problems) {
            this.problems = problems;
        }

        void check(JsonNode root) {
            for (com.networknt.schema.Error error : SCHEMA.validate(root)) {
                translate(error);
            }
        }

        private void translate(com.networknt.schema.Error error) {
            String path = yamlPath(error.getInstanceLocation());
            String pointer = error.getSchemaLocation().toString();
            pointer = pointer.substring(pointer.indexOf('#') + 1);
            String owner = parentPointer(pointer);
            JsonNode node = error.getInstanceNode();
            String key = lastKey(path);
            String def = defName(pointer);
            switch (error.getKeyword()) {
                case "additionalProperties" -> unknownKey(path, error.getProperty(), owner);
                case "required" -> missing(path, error.getProperty(), owner);
                case "type" -> type(path, key, node, SCHEMA_TREE.at(pointer), SCHEMA_TREE.at(owner));
                case "enum" -> problems.add(path, "unknown " + (owner.equals("/$defs/" + def) ? def : key) + " "
                                + quoted(node), suggest(node.asText(), names(SCHEMA_TREE.at(pointer)),
                                "use one of " + names(SCHEMA_TREE.at(pointer))));
                case "pattern" -> pattern(path, key, owner.equals("/$defs/" + def) ? def : null, node,
                        SCHEMA_TREE.at(owner));
                case "minItems" -> problems.add(path, "empty: at least one " + noun(key, "value") + " is required",
                        "add one, e.g. " + example(slot(path), SCHEMA_TREE.at(owner)));
                case "minProperties", "maxProperties" -> count(path, key, owner.equals("/$defs/" + def) ? def : null,
                        node, SCHEMA_TREE.at(owner), error.getKeyword().equals("minProperties"));
                case "minimum", "maximum" -> problems.add(path, node.asText() + " is "
                                + (error.getKeyword().equals("minimum") ? "below the minimum " : "above the maximum ")
                                + SCHEMA_TREE.at(pointer).asText(), "write " + range(SCHEMA_TREE.at(owner)));
                case "minLength" -> problems.add(path, "empty text", "write a value, or remove " + key);
                case "maxLength" -> problems.add(path, "longer than " + SCHEMA_TREE.at(pointer).asText()
                        + " characters", "shorten it");
                case "uniqueItems" -> problems.add(path, "lists " + duplicate(node) + " more than once",
                        "list each " + noun(key, "value") + " once");
                default -> problems.add(path, error.getMessage(), "see the description: "
                        + description(SCHEMA_TREE.at(owner)));
            }
        }

        private void unknownKey(String path, String key, String owner) {
            JsonNode schema = SCHEMA_TREE.at(owner);
            List<String> known = names(schema.path("properties"));
            String def = defName(owner);
            String kind = owner.equals("/$defs/" + def) ? KEY_KINDS.getOrDefault(def, "key") : "key";
            String at = path.isEmpty() ? key : path + "." + key;
            if (kind.equals("key")) {
                problems.add(at, "unknown key '" + key + "'", suggest(key, known, "remove it; the keys here are " + known));
            } else if (kind.equals("lead field")) {
                List<String> fields = new ArrayList<>(Condition.fieldNames());
                problems.add(at, "unknown lead field '" + key + "'", suggest(key, known, "use one of " + fields
                        + ", attributes.<name>, or all, any, not"));
            } else {
                problems.add(at, "unknown " + kind + " '" + key + "'", suggest(key, known, "use one of " + known));
            }
        }

        private void missing(String path, String key, String owner) {
            JsonNode property = propertySchema(owner, key);
            String at = path.isEmpty() ? key : path + "." + key;
            String what = description(property);
            problems.add(at, "missing" + (what.isEmpty() ? "" : ": " + what), "add " + example(key, property));
        }

        private void type(String path, String key, JsonNode node, JsonNode expected, JsonNode schema) {
            List<String> types = expected.isArray() ? names(expected) : List.of(expected.asText());
            String raw = problems.tree.raw.get(path);
            if (node.isBoolean() && types.contains("string")) {
                problems.add(path, "read as " + node.asText() + ", not as text: unquoted yes/no/on/off/true/false are"
                        + " true or false in YAML", "no".equalsIgnoreCase(raw)
                        ? "put the value in quotes, e.g. \"NO\" for Norway" : "put the value in quotes: \"" + raw + "\"");
            } else if (node.isNumber() && types.contains("string") && !types.contains("number") && !types.contains("integer")
                    && validText(raw == null ? node.asText() : raw, schema)) {
                String octal = raw != null && raw.length() > 1 && raw.startsWith("0") && Character.isDigit(raw.charAt(1))
                        ? ", and a leading 0 as octal" : "";
                problems.add(path, "read as the number " + node.asText() + ", not as text: YAML reads unquoted digits as"
                        + " a number" + octal, "put it in quotes: " + (slot(path).equals("-") ? "" : key + ": ") + "\""
                        + (raw == null ? node.asText() : raw) + "\"");
            } else if (types.equals(List.of("boolean"))) {
                problems.add(path, quoted(node) + " is not true or false", "write " + key + ": true or " + key + ": false");
            } else if (node.isNull()) {
                problems.add(path, "empty: expected " + typeWords(types), "write " + example(slot(path), schema));
            } else {
                problems.add(path, "expected " + typeWords(types) + ", found " + typeWord(node)
                        + (node.isValueNode() ? " " + quoted(node) : ""), "write " + example(slot(path), schema));
            }
        }

        private void pattern(String path, String key, String def, JsonNode node, JsonNode schema) {
            String value = node.asText();
            switch (def == null ? "" : def) {
                case "id" -> {
                    String slug = value.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                            .replaceAll("^[^a-z0-9]+", "");
                    String what = path.endsWith(".id") ? noun(lastKey(parentPath(path)), "") : noun(key, "");
                    problems.add(path, quoted(node) + " is not a valid " + (what.isEmpty() ? "" : what + " ") + "id",
                            ID_FIX + (ID.matcher(slug).matches() ? ", e.g. " + slug : ""));
                }
                case "salesforceUserId" -> problems.add(path, quoted(node)
                        + " is not a Salesforce id (15 or 18 letters and digits)", SALESFORCE_USER_FIX);
                case "salesforceQueueId" -> problems.add(path, quoted(node)
                        + " is not a Salesforce id (15 or 18 letters and digits)", SALESFORCE_QUEUE_FIX);
                case "hubspotOwnerId" -> problems.add(path, quoted(node) + " is not a HubSpot owner id (digits only)",
                        "use the owner's numeric id from HubSpot (Settings > Users & Teams, or the owners API)");
                case "duration" -> problems.add(path, quoted(node) + " is not a duration",
                        "write e.g. 90s, 10m, 4h, 2d or 1h30m");
                case "time" -> problems.add(path, quoted(node) + " is not a time of day (HH:MM)",
                        value.matches("[0-9]:[0-5][0-9]") ? "did you mean \"0" + value + "\"? (write HH:MM in quotes)"
                                : "write HH:MM on a 24-hour clock in quotes, e.g. \"09:00\"");
                case "day" -> problems.add(path, "unknown day " + quoted(node), suggest(value, DAY_WORDS,
                        "use mon, tue, wed, thu, fri, sat, sun, or a range like mon-fri"));
                case "domain" -> problems.add(path, quoted(node) + " is not an email domain",
                        value.contains("@") && value.indexOf('@') < value.length() - 1
                                ? "write the domain without '@', e.g. " + value.substring(value.lastIndexOf('@') + 1)
                                : "write a domain like acme.com");
                default -> problems.add(path, quoted(node) + " is not a valid " + key, "write " + example(slot(path), schema));
            }
        }

        private void count(String path, String key, String def, JsonNode node, JsonNode schema, boolean tooFew) {
            List<String> known = names(schema.path("properties"));
            List<String> given = names(node);
            boolean one = schema.path("maxProperties").asInt(Integer.MAX_VALUE) == 1;
            String kinds = switch (def == null ? "" : def) {
                case "action" -> "action";
                case "matcher" -> "matcher";
                case "step" -> "step kind";
                default -> "key";
            };
            if (tooFew && def != null && def.equals("action")) {
                problems.add(path, "empty: the rule does not say where leads go", "add " + example("push",
                        schema.path("properties").path("push")) + ", or pull: { queue: <queue id> }, or ladder: <ladder id>");
            } else if (tooFew) {
                problems.add(path, "empty: expected " + (one ? "one" : "at least one") + " of " + known,
                        "write " + example(slot(path), schema));
            } else {
                problems.add(path, "more than one " + kinds + " " + given, "give exactly one of " + known
                        + (kinds.equals("matcher") ? " per field; to combine, use all: [ { " + key + ": ... }, { " + key
                        + ": ... } ]" : kinds.equals("step kind") ? " per step: make each its own step" : ""));
            }
        }

        /** True when {@code text} matches the pattern the schema gives its text (if any). */
        private static boolean validText(String text, JsonNode schema) {
            JsonNode pattern = schema.get("pattern");
            if (pattern == null) {
                JsonNode target = refTarget(schema);
                pattern = target == null ? null : target.get("pattern");
            }
            return pattern == null || Pattern.compile(pattern.asText()).matcher(text).find();
        }

        private static String range(JsonNode schema) {
            JsonNode min = schema.get("minimum");
            JsonNode max = schema.get("maximum");
            String what = "integer".equals(schema.path("type").asText()) ? "a whole number" : "a number";
            if (min != null && max != null) {
                return what + " from " + min.asText() + " to " + max.asText();
            }
            return min != null ? what + " of at least " + min.asText() : what + " of at most " + max.asText();
        }

        private static String duplicate(JsonNode array) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode item : array) {
                if (!seen.add(item)) {
                    return quoted(item);
                }
            }
            return "a value";
        }

        private static String yamlPath(NodePath location) {
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

        /** The schema of property {@code key} of the object schema at {@code pointer} or the nearest above it. */
        private static JsonNode propertySchema(String pointer, String key) {
            String at = pointer;
            while (at != null) {
                JsonNode p = SCHEMA_TREE.at(at).path("properties").path(key);
                if (!p.isMissingNode()) {
                    return p;
                }
                at = at.isEmpty() ? null : parentPointer(at);
            }
            return MissingNode.getInstance();
        }

        private static String parentPointer(String pointer) {
            int cut = pointer.lastIndexOf('/');
            return cut <= 0 ? "" : pointer.substring(0, cut);
        }

        /** The {@code $defs} entry a schema pointer is inside, or null. */
        private static String defName(String pointer) {
            if (!pointer.startsWith("/$defs/")) {
                return null;
            }
            String rest = pointer.substring("/$defs/".length());
            int cut = rest.indexOf('/');
            return cut < 0 ? rest : rest.substring(0, cut);
        }
    }

    /** Checks what the structurally valid parts mean and builds the policy; skips what the schema already rejected. */
    private static final class Reader {
        private final Problems problems;
        private final Map<String, Rep> reps = new LinkedHashMap<>();
        private final Map<String, String> repPaths = new HashMap<>();
        private final Set<String> repIds = new LinkedHashSet<>();
        private final Map<String, List<String>> teamMembers = new LinkedHashMap<>();
        private final Set<String> queueIds = new LinkedHashSet<>();
        private final Set<String> ladderIds = new LinkedHashSet<>();
        private final Set<String> ruleIds = new LinkedHashSet<>();
        private final Map<String, NotifyTo> notify = new LinkedHashMap<>();
        private final Map<String, String> managers = new LinkedHashMap<>();
        private Rep fallback;
        private String fallbackId;
        private boolean hasFallback;

        Reader(Problems problems) {
            this.problems = problems;
        }

        Policy read(JsonNode root) {
            hasFallback = root.path("fallback").isObject();
            Map<String, String> seenReps = new HashMap<>();
            forEach(root.get("reps"), "reps", (r, path) -> {
                String id = id(r, path, "rep", seenReps);
                if (id != null) {
                    repIds.add(id);
                }
                Rep rep = rep(r, path, id);
                if (rep != null) {
                    reps.put(id, rep);
                    repPaths.put(id, path);
                }
                notify(r, path, id);
            });
            JsonNode f = root.get("fallback");
            if (f != null && f.isObject()) {
                String id = text(f.get("id"));
                fallbackId = id;
                if (id != null && repIds.contains(id)) {
                    problems.add("fallback.id", "'" + id + "' is also the id of a rep (" + repPaths.getOrDefault(id, "reps")
                            + ")", "give the fallback owner an id of its own, e.g. sales-ops");
                } else {
                    fallback = rep(f, "fallback", id != null && ID.matcher(id).matches() ? id : null);
                    notify(f, "fallback", fallback == null ? null : fallback.id());
                    if (fallback != null && fallback.partner()) {
                        problems.add("fallback.partner", "the fallback owner cannot be a partner",
                                "remove partner: true; a partner team is reached by a ladder's partner step");
                    }
                }
            }
            Set<String> freeMail = null;
            JsonNode domains = root.get("freeMailDomains");
            if (domains != null && domains.isArray()) {
                freeMail = new LinkedHashSet<>();
                for (JsonNode d : domains) {
                    if (d.isTextual()) {
                        freeMail.add(d.textValue().toLowerCase(Locale.ROOT));
                    }
                }
            }
            List<Team> teams = teams(root.get("teams"));
            List<Queue> queues = queues(root.get("queues"));
            List<Ladder> ladders = ladders(root.get("ladders"));
            List<Rule> rules = rules(root.get("rules"));
            List<PolicyExample> examples = examples(root.get("examples"));
            if (!problems.isEmpty()) {
                return null;
            }
            try {
                return new Policy(teams, queues, ladders, rules, fallback, freeMail, examples, notify, managers);
            } catch (IllegalArgumentException e) {
                problems.add("(document)", e.getMessage(), "correct the policy as the message says");
                return null;
            }
        }

        // ---- reps

        private Rep rep(JsonNode r, String path, String id) {
            boolean partner = r.path("partner").asBoolean(false);
            Map<String, String> crm = crmIds(r.get("crm"), path + ".crm");
            WorkingHours hours = hours(r.get("hours"), path + ".hours");
            JsonNode w = r.get("weight");
            int weight = w != null && w.canConvertToInt() && w.intValue() >= 1 ? w.intValue() : 1;
            JsonNode c = r.get("caps");
            Caps caps = c == null || !c.isObject() ? Caps.NONE : new Caps(count(c.get("perDay")), count(c.get("open")));
            Set<String> skills = new LinkedHashSet<>();
            JsonNode s = r.get("skills");
            if (s != null && s.isArray()) {
                s.forEach(skill -> skills.add(skill.asText()));
            }
            JsonNode a = r.get("active");
            boolean active = a == null || !a.isBoolean() || a.booleanValue();
            if (id == null || crm == null || (r.has("hours") && hours == null)) {
                return null;
            }
            String name = text(r.get("name"));
            return new Rep(id, name == null ? id : name, crm, weight, caps, hours, skills, active, partner);
        }

        // ---- notifications

        private void notify(JsonNode r, String path, String id) {
            JsonNode n = r.get("notify");
            if (id == null || n == null || !n.isObject()) {
                return;
            }
            String slack = text(n.get("slack"));
            if (slack != null && !PLACEHOLDER.matcher(slack).matches()) {
                problems.add(path + ".notify.slack", "a Slack webhook URL is a secret and cannot be written in the policy",
                        "set it as a property or environment variable (e.g. leadrouter.notify.slack." + id
                                + ") and write slack: \"{{leadrouter.notify.slack." + id + "}}\"");
                slack = null;
            }
            String email = text(n.get("email"));
            if (email != null && !io.leadrouter.lead.Emails.normalize(email).isPresent()) {
                problems.add(path + ".notify.email", "'" + email + "' is not an email address", "write it as name@example.com");
                email = null;
            }
            NotifyTo to = new NotifyTo(slack, email == null ? null : io.leadrouter.lead.Emails.normalize(email).orElseThrow());
            if (!to.isEmpty()) {
                notify.put(id, to);
            }
        }

        /** A team's manager: a rep id (one with notify settings) or an email address; null when none or wrong. */
        private String manager(JsonNode node, String path) {
            String manager = text(node);
            if (manager == null) {
                return null;
            }
            if (manager.contains("@")) {
                java.util.Optional<String> email = io.leadrouter.lead.Emails.normalize(manager);
                if (email.isEmpty()) {
                    problems.add(path, "'" + manager + "' is not an email address", "write a rep id or name@example.com");
                    return null;
                }
                return email.get();
            }
            Set<String> known = new LinkedHashSet<>(repIds);
            if (fallbackId != null) {
                known.add(fallbackId);
            }
            String repId = reference(node, path, "rep", known);
            if (repId != null && !notify.containsKey(repId)) {
                problems.add(path, "manager '" + repId + "' has no notify settings, so would never hear of a breach",
                        "give rep '" + repId + "' notify: { email: … } (or slack), or name the manager by email address");
                return null;
            }
            return repId;
        }

        private static Integer count(JsonNode n) {
            return n != null && n.canConvertToInt() && n.intValue() >= 0 ? n.intValue() : null;
        }

        private Map<String, String> crmIds(JsonNode node, String path) {
            Map<String, String> ids = new LinkedHashMap<>();
            if (node == null || !node.isObject()) {
                return node == null ? ids : null;
            }
            boolean ok = true;
            JsonNode sf = node.get(Crms.SALESFORCE);
            if (sf != null) {
                String id = salesforceId(sf, path + "." + Crms.SALESFORCE, "005", "user", SALESFORCE_USER_FIX);
                ok &= id != null;
                ids.put(Crms.SALESFORCE, id);
            }
            JsonNode hs = node.get(Crms.HUBSPOT);
            if (hs != null) {
                String id = hubspotId(hs, path + "." + Crms.HUBSPOT);
                ok &= id != null;
                ids.put(Crms.HUBSPOT, id);
            }
            return ok ? ids : null;
        }

        /** The 18-character form of a well-formed Salesforce id, or null (with a problem unless the schema reported it). */
        private String salesforceId(JsonNode v, String path, String prefix, String kind, String fix) {
            if (v == null || !v.isTextual() || !SALESFORCE_ID.matcher(v.textValue()).matches()) {
                return null;
            }
            String id = v.textValue();
            if (!id.startsWith(prefix)) {
                problems.add(path, "'" + id + "' is not a Salesforce " + kind + " id (" + kind + " ids start with " + prefix
                        + ")", fix);
                return null;
            }
            String full = id.substring(0, 15) + salesforceChecksum(id.substring(0, 15));
            if (id.length() == 18 && !full.equals(id)) {
                problems.add(path, "'" + id + "' has a wrong checksum (for these first 15 characters the id ends in '"
                        + full.substring(15) + "'); it was probably mistyped", fix);
                return null;
            }
            return full;
        }

        private String hubspotId(JsonNode v, String path) {
            if (v.isIntegralNumber()) {
                String raw = problems.tree.raw.get(path);
                if (raw != null && !raw.equals(v.asText())) {
                    problems.add(path, "YAML read " + raw + " as the number " + v.asText()
                            + " (a leading 0 means octal), not as the id you wrote", "put it in quotes: hubspot: \""
                            + raw + "\"");
                    return null;
                }
                return v.asText();
            }
            return v.isTextual() && DIGITS.matcher(v.textValue()).matches() ? v.textValue() : null;
        }

        private WorkingHours hours(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            ZoneId zone = zone(node.get("zone"), path + ".zone");
            Set<DayOfWeek> days = days(node.get("days"));
            LocalTime from = time(node.get("from"));
            LocalTime to = time(node.get("to"));
            if (from != null && from.equals(to)) {
                problems.add(path + ".to", "the window is empty: from and to are both " + from,
                        "make to later than from (or earlier, for a window past midnight)");
                return null;
            }
            if (zone == null || days == null || from == null || to == null) {
                return null;
            }
            return new WorkingHours(zone, days, from, to);
        }

        private ZoneId zone(JsonNode node, String path) {
            String name = text(node);
            if (name == null) {
                return null;
            }
            try {
                return ZoneId.of(name);
            } catch (DateTimeException e) {
                problems.add(path, "unknown time zone '" + name + "'", suggestZone(name));
                return null;
            }
        }

        private static Set<DayOfWeek> days(JsonNode node) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                return null;
            }
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (JsonNode d : node) {
                String text = d.asText();
                String[] ends = text.split("-", 2);
                int from = DAYS.indexOf(ends[0]);
                int to = DAYS.indexOf(ends.length == 2 ? ends[1] : ends[0]);
                if (!d.isTextual() || from < 0 || to < 0) {
                    return null;
                }
                for (int i = from; ; i = (i + 1) % 7) {
                    days.add(DayOfWeek.of(i + 1));
                    if (i == to) {
                        break;
                    }
                }
            }
            return days;
        }

        private static LocalTime time(JsonNode node) {
            String text = text(node);
            if (text == null || !text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
                return null;
            }
            return LocalTime.parse(text);
        }

        // ---- teams and queues

        private List<Team> teams(JsonNode node) {
            List<Team> teams = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            forEach(node, "teams", (t, path) -> {
                String id = id(t, path, "team", seen);
                List<Rep> members = new ArrayList<>();
                List<String> memberIds = new ArrayList<>();
                boolean ok = true;
                JsonNode m = t.get("members");
                if (m != null && m.isArray()) {
                    for (int i = 0; i < m.size(); i++) {
                        String repId = reference(m.get(i), path + ".members[" + i + "]", "rep", repIds);
                        if (repId != null) {
                            memberIds.add(repId);
                            Rep rep = reps.get(repId);
                            if (rep != null) {
                                members.add(rep);
                            } else {
                                ok = false;
                            }
                        } else {
                            ok = false;
                        }
                    }
                } else {
                    ok = false;
                }
                if (id != null) {
                    teamMembers.put(id, memberIds);
                }
                List<String> partners = memberIds.stream().filter(this::isPartner).toList();
                if (!partners.isEmpty() && partners.size() < memberIds.size()) {
                    problems.add(path + ".members", "mixes partners " + partners + " with reps "
                                    + memberIds.stream().filter(r -> !isPartner(r)).toList(),
                            "put partners' users in a team of their own, reached by a ladder's partner step");
                }
                CatchUp catchUp = CatchUp.NONE;
                JsonNode c = t.get("catchUp");
                if (c != null && c.isObject() && c.path("capped").canConvertToInt() && c.path("capped").intValue() >= 1) {
                    catchUp = new CatchUp(c.path("capped").intValue());
                }
                String manager = manager(t.get("manager"), path + ".manager");
                if (id != null && manager != null) {
                    managers.put(id, manager);
                }
                if (id != null && ok) {
                    String name = text(t.get("name"));
                    teams.add(new Team(id, name == null ? id : name, members, catchUp));
                }
            });
            return teams;
        }

        private boolean isPartner(String repId) {
            Rep rep = reps.get(repId);
            return rep != null && rep.partner();
        }

        private boolean partnerTeam(String teamId) {
            List<String> members = teamMembers.getOrDefault(teamId, List.of());
            return !members.isEmpty() && members.stream().allMatch(this::isPartner);
        }

        private List<Queue> queues(JsonNode node) {
            List<Queue> queues = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            forEach(node, "queues", (q, path) -> {
                String id = id(q, path, "queue", seen);
                if (id != null) {
                    queueIds.add(id);
                }
                List<String> teams = new ArrayList<>();
                boolean ok = true;
                JsonNode t = q.get("teams");
                if (t != null && t.isArray()) {
                    for (int i = 0; i < t.size(); i++) {
                        String teamId = reference(t.get(i), path + ".teams[" + i + "]", "team", teamMembers.keySet());
                        ok &= teamId != null;
                        teams.add(teamId);
                    }
                }
                JsonNode limit = q.get("claimLimit");
                int claimLimit = limit != null && limit.canConvertToInt() && limit.intValue() >= 1 ? limit.intValue() : 3;
                Duration expiry = q.has("claimExpiry") ? duration(q.get("claimExpiry"), path + ".claimExpiry")
                        : Duration.ofMinutes(30);
                Map<String, String> crm = new LinkedHashMap<>();
                JsonNode sf = q.path("crm").get(Crms.SALESFORCE);
                if (sf != null) {
                    String queueId = salesforceId(sf, path + ".crm." + Crms.SALESFORCE, "00G", "queue", SALESFORCE_QUEUE_FIX);
                    ok &= queueId != null;
                    crm.put(Crms.SALESFORCE, queueId);
                }
                JsonNode hs = q.path("crm").get(Crms.HUBSPOT);
                if (hs != null && hs.isTextual()) {
                    crm.put(Crms.HUBSPOT, hs.textValue());
                }
                if (id != null && ok && expiry != null && t != null && t.isArray()) {
                    String name = text(q.get("name"));
                    queues.add(new Queue(id, name == null ? id : name, teams, claimLimit, expiry, crm));
                }
            });
            return queues;
        }

        private Duration duration(JsonNode node, String path) {
            String text = text(node);
            if (text == null || !text.matches("([0-9]{1,4}d)?([0-9]{1,5}h)?([0-9]{1,6}m)?([0-9]{1,7}s)?")) {
                return null;
            }
            Duration d = Durations.parse(text).orElse(null);
            if (d == null) {
                problems.add(path, "'" + text + "' is no time at all", "write a duration above zero, e.g. 10m");
            }
            return d;
        }

        // ---- ladders

        private List<Ladder> ladders(JsonNode node) {
            List<Ladder> ladders = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            forEach(node, "ladders", (l, path) -> {
                String id = id(l, path, "ladder", seen);
                if (id != null) {
                    ladderIds.add(id);
                }
                WorkingHours businessHours = hours(l.get("businessHours"), path + ".businessHours");
                boolean ok = !l.has("businessHours") || businessHours != null;
                List<Ladder.Step> steps = new ArrayList<>();
                JsonNode s = l.get("steps");
                if (s == null || !s.isArray()) {
                    return;
                }
                String untimed = null;
                for (int i = 0; i < s.size(); i++) {
                    String stepPath = path + ".steps[" + i + "]";
                    JsonNode step = s.get(i);
                    if (!step.isObject() || step.size() != 1) {
                        ok = false;
                        continue;
                    }
                    String kind = step.fieldNames().next();
                    boolean timed = step.path(kind).has(kind.equals("partner") ? "acceptWindow" : "timeout");
                    if (untimed != null && timed) {
                        problems.add(stepPath, "'" + kind + "' has a timeout but comes after " + untimed + ", which has"
                                        + " none: the lead never moves on from there by time, so this step is unreachable",
                                "give " + untimed + " a timeout, or remove this step");
                    }
                    if (!timed && untimed == null && !kind.equals("fallback")) {
                        untimed = stepPath + " (" + kind + ")";
                    }
                    Ladder.Step built = step(kind, step.get(kind), stepPath + "." + kind, i == s.size() - 1);
                    if (built == null) {
                        ok = false;
                        continue;
                    }
                    steps.add(built);
                }
                if (id != null && ok && !steps.isEmpty()) {
                    ladders.add(new Ladder(id, businessHours, steps));
                }
            });
            return ladders;
        }

        private Ladder.Step step(String kind, JsonNode body, String path, boolean last) {
            if (body == null || !body.isObject()) {
                return null;
            }
            switch (kind) {
                case "offer" -> {
                    String team = teamReference(body.get("team"), path + ".team", false);
                    Strategy strategy = Strategy.fromName(body.path("strategy").asText()).orElse(null);
                    Duration timeout = optionalDuration(body, "timeout", path);
                    return team == null || strategy == null || timeout == BAD ? null
                            : new Ladder.Offer(team, strategy, timeout);
                }
                case "pool" -> {
                    String queue = reference(body.get("queue"), path + ".queue", "queue", queueIds);
                    Duration timeout = optionalDuration(body, "timeout", path);
                    return queue == null || timeout == BAD ? null
                            : new Ladder.Pool(queue, body.path("priority").asInt(0), timeout);
                }
                case "partner" -> {
                    String team = teamReference(body.get("team"), path + ".team", true);
                    Duration window = optionalDuration(body, "acceptWindow", path);
                    return team == null || window == BAD ? null : new Ladder.Partner(team, window);
                }
                case "fallback" -> {
                    boolean ok = true;
                    if (!hasFallback) {
                        problems.add(path, "the policy has no fallback owner", "add fallback: { id: sales-ops, name: Sales"
                                + " operations, crm: { salesforce: <user id> } } at the top level, or remove this step");
                        ok = false;
                    }
                    if (!last) {
                        problems.add(path, "a fallback step must be the last: the steps after it are never reached",
                                "move it to the end of the steps, or remove the steps after it");
                        ok = false;
                    }
                    return ok ? new Ladder.Fallback() : null;
                }
                default -> {
                    return null;
                }
            }
        }

        /** Marks a duration that was given but is not valid (null means "not given"). */
        private static final Duration BAD = Duration.ofNanos(1);

        private Duration optionalDuration(JsonNode body, String key, String path) {
            if (!body.has(key)) {
                return null;
            }
            Duration d = duration(body.get(key), path + "." + key);
            return d == null ? BAD : d;
        }

        /** A team id that exists and is (partner = true) or is not (false) a partner team. */
        private String teamReference(JsonNode node, String path, boolean partner) {
            String team = reference(node, path, "team", teamMembers.keySet());
            if (team == null) {
                return null;
            }
            boolean isPartnerTeam = partnerTeam(team);
            if (partner && !isPartnerTeam) {
                problems.add(path, "team '" + team + "' is not a partner team (not all its members have partner: true)",
                        "name a team of partners' users here, or offer to this team with an offer step");
                return null;
            }
            if (!partner && isPartnerTeam) {
                problems.add(path, "team '" + team + "' is a partner team: partners are offered leads by a ladder's"
                        + " partner step, never assigned", "name a team of reps here, or use a partner step");
                return null;
            }
            return team;
        }

        // ---- rules

        private List<Rule> rules(JsonNode node) {
            List<Rule> rules = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            String[] catchAll = {null};
            forEach(node, "rules", (r, path) -> {
                String id = id(r, path, "rule", seen);
                if (id != null) {
                    ruleIds.add(id);
                }
                Condition when = r.has("when") && !r.get("when").isNull()
                        ? condition(r.get("when"), path + ".when", false) : Condition.all(List.of());
                Action then = action(r.get("then"), path + ".then");
                if (catchAll[0] != null && id != null) {
                    problems.add(path, "rule '" + id + "' is never tried: rule '" + catchAll[0] + "' above it matches"
                            + " every lead", "move '" + id + "' above '" + catchAll[0] + "', or delete it");
                }
                if (id != null && when != null && then != null) {
                    rules.add(new Rule(id, text(r.get("description")), when, then));
                }
                if (catchAll[0] == null && id != null && when instanceof Condition.All all && all.conditions().isEmpty()) {
                    catchAll[0] = id;
                }
            });
            return rules;
        }

        /** A {@code when:} mapping: all its entries; a nested one with a single entry is that entry itself. */
        private Condition condition(JsonNode node, String path, boolean unwrap) {
            if (node == null || !node.isObject()) {
                return null;
            }
            List<Condition> conditions = new ArrayList<>();
            boolean ok = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String at = path + "." + key;
                JsonNode value = e.getValue();
                Condition c;
                switch (key) {
                    case "all", "any" -> {
                        List<Condition> items = new ArrayList<>();
                        if (value != null && value.isArray() && !value.isEmpty()) {
                            for (int i = 0; i < value.size(); i++) {
                                Condition item = condition(value.get(i), at + "[" + i + "]", true);
                                if (item == null) {
                                    items = null;
                                    break;
                                }
                                items.add(item);
                            }
                        } else {
                            items = null;
                        }
                        c = items == null ? null : key.equals("all") ? new Condition.All(items) : new Condition.Any(items);
                    }
                    case "not" -> {
                        Condition inner = condition(value, at, true);
                        c = inner == null ? null : new Condition.Not(inner);
                    }
                    default -> {
                        Matcher matcher = Condition.isField(key) ? matcher(key, value, at) : null;
                        c = matcher == null ? null : new Condition.Field(key, matcher);
                    }
                }
                if (c == null) {
                    ok = false;
                } else {
                    conditions.add(c);
                }
            }
            if (!ok) {
                return null;
            }
            return unwrap && conditions.size() == 1 ? conditions.get(0) : Condition.all(conditions);
        }

        private Matcher matcher(String field, JsonNode node, String path) {
            if (node == null) {
                return null;
            }
            if (node.isArray()) {
                List<String> values = values(field, node, path, true);
                return values == null ? null : new Matcher.OneOf(values);
            }
            if (!node.isObject() || node.size() != 1) {
                return null;
            }
            String kind = node.fieldNames().next();
            JsonNode arg = node.get(kind);
            String at = path + "." + kind;
            switch (kind) {
                case "in" -> {
                    List<String> values = values(field, arg, at, true);
                    return values == null ? null : new Matcher.OneOf(values);
                }
                case "equals" -> {
                    String value = value(field, arg, at, true);
                    return value == null ? null : new Matcher.OneOf(List.of(value));
                }
                case "prefix" -> {
                    List<String> values = values(field, arg, at, false);
                    return values == null ? null : new Matcher.StartsWith(values);
                }
                case "endsWith" -> {
                    List<String> values = values(field, arg, at, false);
                    return values == null ? null : new Matcher.EndsWith(values);
                }
                case "domain" -> {
                    List<String> values = values(field, arg, at, false);
                    return values == null ? null
                            : new Matcher.Domain(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
                }
                case "range" -> {
                    return range(arg, at);
                }
                case "present" -> {
                    return arg != null && arg.isBoolean() ? new Matcher.Present(arg.booleanValue()) : null;
                }
                default -> {
                    return null;
                }
            }
        }

        private List<String> values(String field, JsonNode node, String path, boolean exact) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < node.size(); i++) {
                String value = value(field, node.get(i), path + "[" + i + "]", exact);
                ok &= value != null;
                values.add(value);
            }
            return ok ? values : null;
        }

        /** A value to compare with: text as written (numbers too); for an exact country, an ISO alpha-2 code. */
        private String value(String field, JsonNode v, String path, boolean exact) {
            String value;
            if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
                value = v.textValue();
            } else if (v != null && v.isNumber()) {
                value = problems.tree.raw.getOrDefault(path, v.asText());
            } else {
                return null;
            }
            if (exact && LeadField.COUNTRY.externalName().equals(field)
                    && !Countries.isAlpha2(value.toUpperCase(Locale.ROOT))) {
                String code = Countries.toAlpha2(value).orElse(null);
                problems.add(path, "'" + value + "' is not an ISO-3166 alpha-2 country code, so no lead can match it",
                        code != null ? "write " + code + " (leads carry two-letter codes)"
                                : "use the two-letter code leads carry, e.g. GB for the United Kingdom, DE for Germany");
                return null;
            }
            return value;
        }

        private Matcher range(JsonNode node, String path) {
            if (node == null || !node.isObject() || node.isEmpty()) {
                return null;
            }
            BigDecimal min = decimal(node.get("min"));
            BigDecimal max = decimal(node.get("max"));
            if (node.has("min") && min == null || node.has("max") && max == null || min == null && max == null) {
                return null;
            }
            if (min != null && max != null && min.compareTo(max) >= 0) {
                problems.add(path, "min " + min.toPlainString() + " is not below max " + max.toPlainString()
                        + ", so no value can match", "make min smaller than max (min is included, max is not)");
                return null;
            }
            return new Matcher.Range(min, max);
        }

        private static BigDecimal decimal(JsonNode n) {
            if (n == null || !n.isNumber()) {
                return null;
            }
            return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue().stripTrailingZeros();
        }

        private Action action(JsonNode node, String path) {
            if (node == null || !node.isObject() || node.size() != 1) {
                return null;
            }
            String kind = node.fieldNames().next();
            JsonNode body = node.get(kind);
            String at = path + "." + kind;
            switch (kind) {
                case "push" -> {
                    if (!body.isObject()) {
                        return null;
                    }
                    String team = teamReference(body.get("team"), at + ".team", false);
                    Strategy strategy = Strategy.fromName(body.path("strategy").asText()).orElse(null);
                    boolean fallbackIfNobody = "fallback".equals(body.path("ifNobody").asText());
                    if (fallbackIfNobody && !hasFallback) {
                        problems.add(at + ".ifNobody", "asks for the fallback owner, but the policy has none",
                                "add fallback: { id: sales-ops, name: Sales operations, crm: { salesforce: <user id> } }"
                                        + " at the top level, or write ifNobody: hold");
                        return null;
                    }
                    JsonNode sticky = body.get("sticky");
                    return team == null || strategy == null ? null : new Action.Push(strategy, team,
                            sticky != null && sticky.isBoolean() && sticky.booleanValue(), fallbackIfNobody);
                }
                case "pull" -> {
                    if (!body.isObject()) {
                        return null;
                    }
                    String queue = reference(body.get("queue"), at + ".queue", "queue", queueIds);
                    return queue == null ? null : new Action.Pull(queue, body.path("priority").asInt(0));
                }
                case "ladder" -> {
                    String ladder = reference(body, at, "ladder", ladderIds);
                    return ladder == null ? null : new Action.UseLadder(ladder);
                }
                default -> {
                    return null;
                }
            }
        }

        // ---- examples

        private List<PolicyExample> examples(JsonNode node) {
            List<PolicyExample> examples = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            forEach(node, "examples", (e, path) -> {
                String name = text(e.get("name"));
                if (name != null) {
                    String earlier = seen.putIfAbsent(name, path);
                    if (earlier != null) {
                        problems.add(path + ".name", "another example has this name (" + earlier + ")",
                                "give each example its own name");
                    }
                }
                Instant at = DEFAULT_EXAMPLE_AT;
                JsonNode when = e.get("at");
                if (when != null && when.isTextual()) {
                    try {
                        at = OffsetDateTime.parse(when.textValue()).toInstant();
                    } catch (DateTimeParseException ex) {
                        problems.add(path + ".at", "'" + when.textValue() + "' is not a date and time with its offset",
                                "write e.g. 2025-03-03T10:00:00Z (UTC) or 2025-03-03T11:00:00+01:00");
                        at = null;
                    }
                }
                Lead lead = lead(e.get("lead"), path + ".lead");
                JsonNode expect = e.get("expect");
                String outcome = null;
                String rule = null;
                String team = null;
                String rep = null;
                String queue = null;
                boolean ok = true;
                if (expect != null && expect.isObject()) {
                    outcome = text(expect.get("outcome"));
                    rule = optionalReference(expect, "rule", path + ".expect", ruleIds);
                    team = optionalReference(expect, "team", path + ".expect", teamMembers.keySet());
                    Set<String> owners = new LinkedHashSet<>(repIds);
                    if (fallbackId != null) {
                        owners.add(fallbackId);
                    }
                    rep = optionalReference(expect, "rep", path + ".expect", owners);
                    queue = optionalReference(expect, "queue", path + ".expect", queueIds);
                    ok = (rule != null || !expect.has("rule")) && (team != null || !expect.has("team"))
                            && (rep != null || !expect.has("rep")) && (queue != null || !expect.has("queue"));
                }
                if (name != null && lead != null && at != null && outcome != null && ok) {
                    examples.add(new PolicyExample(name, lead, at, outcome, rule, team, rep, queue));
                }
            });
            return examples;
        }

        private String optionalReference(JsonNode expect, String key, String path, Set<String> known) {
            return expect.has(key) ? reference(expect.get(key), path + "." + key, key, known) : null;
        }

        private Lead lead(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonNode a = node.get("attributes");
            if (a != null && a.isObject()) {
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    JsonNode v = e.getValue();
                    if (v.isValueNode() && !v.isNull()) {
                        attributes.put(e.getKey(), problems.tree.raw.getOrDefault(path + ".attributes." + e.getKey(),
                                v.asText()));
                    }
                }
            }
            Function<String, String> field = key -> node.path(key).isTextual() ? node.path(key).textValue() : null;
            if (field.apply("source") == null) {
                return null;
            }
            try {
                return new Lead(field.apply("source"), field.apply("email"), field.apply("phone"),
                        field.apply("firstName"), field.apply("lastName"), field.apply("company"), field.apply("title"),
                        field.apply("country"), field.apply("region"), field.apply("city"), field.apply("postalCode"),
                        field.apply("message"), null, attributes);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                String key = colon > 0 ? message.substring(0, colon) : "";
                boolean known = key.equals("sourceId") || LeadField.fromName(key).isPresent();
                problems.add(known ? path + "." + (key.equals("sourceId") ? "source" : key) : path,
                        known ? message.substring(colon + 2) : message,
                        "write the lead as a mapping makes it: email lower-case, phone in E.164 form like \"+4930901820\","
                                + " country a two-letter code like DE, and an email or a phone");
                return null;
            }
        }

        // ---- shared

        private interface Item {
            void read(JsonNode node, String path);
        }

        private static void forEach(JsonNode list, String path, Item item) {
            if (list == null || !list.isArray()) {
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isObject()) {
                    item.read(list.get(i), path + "[" + i + "]");
                }
            }
        }

        /** The item's id if well-formed and not seen before in its list; null otherwise (the schema reports a bad one). */
        private String id(JsonNode node, String path, String what, Map<String, String> seen) {
            String id = text(node.get("id"));
            if (id == null || !ID.matcher(id).matches()) {
                return null;
            }
            String earlier = seen.putIfAbsent(id, path);
            if (earlier != null) {
                problems.add(path + ".id", "duplicate " + what + " id '" + id + "' (also at " + earlier + ")",
                        "give each " + what + " its own id");
                return null;
            }
            return id;
        }

        /** A well-formed id that names one of {@code known}; a problem with "did you mean" when it names none. */
        private String reference(JsonNode node, String path, String what, Set<String> known) {
            String id = text(node);
            if (id == null || !ID.matcher(id).matches()) {
                return null;
            }
            if (!known.contains(id)) {
                String plural = what + "s";
                problems.add(path, "unknown " + what + " '" + id + "'", known.isEmpty()
                        ? "define it under '" + plural + ":' first"
                        : suggest(id, List.copyOf(new TreeSet<>(known)).stream().filter(k -> !k.isEmpty()).toList(),
                        "use one of " + known.stream().filter(k -> !k.isEmpty()).toList()));
                return null;
            }
            return id;
        }

        private static String text(JsonNode v) {
            return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue().strip() : null;
        }
    }

    // ---- words

    /** The parser's message without the quoted source excerpts, on one line (the location is reported separately). */
    private static String oneLine(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !line.startsWith(" in 'reader'") && !line.startsWith("    "))
                .map(String::strip)
                .collect(Collectors.joining("; "));
    }

    /** "did you mean" the closest known word (at most 2 edits away, or the start of one), else the fallback advice. */
    static String suggest(String word, List<String> known, String otherwise) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String candidate = k.toLowerCase(Locale.ROOT);
            int d = EDITS.apply(w, candidate);
            if (d < 0 && candidate.length() >= 3 && w.length() > candidate.length() && w.startsWith(candidate)
                    && w.substring(candidate.length()).chars().allMatch(Character::isLetter)) {
                d = 2;
            }
            if (d >= 0 && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? otherwise : "did you mean '" + best + "'? (" + otherwise + ")";
    }

    /** A zone with the same city, or a few edits away, else advice. */
    private static String suggestZone(String name) {
        String city = name.strip().replace(' ', '_');
        String otherwise = "use an IANA zone such as Europe/Paris or America/New_York";
        List<String> zones = ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") && !z.startsWith("Etc/")
                && !z.startsWith("SystemV/")).sorted().toList();
        for (String zone : zones) {
            if (zone.substring(zone.lastIndexOf('/') + 1).equalsIgnoreCase(city)) {
                return "did you mean '" + zone + "'? (" + otherwise + ")";
            }
        }
        return suggest(city, zones, otherwise);
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

    private static String lastKey(String path) {
        String p = path;
        while (p.endsWith("]")) {
            p = p.substring(0, p.lastIndexOf('['));
        }
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }

    /** How a value at {@code path} is written: {@code key:} for a mapping entry, {@code -} for a list item. */
    private static String slot(String path) {
        return path.endsWith("]") ? "-" : lastKey(path);
    }

    private static String parentPath(String path) {
        int cut = path.lastIndexOf('.');
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static String noun(String key, String otherwise) {
        return SchemaCheck.NOUNS.getOrDefault(key, otherwise);
    }

    private static String quoted(JsonNode node) {
        return node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
    }

    private static String typeWords(List<String> types) {
        return types.stream().map(PolicyLoader::typeWord).collect(Collectors.joining(" or "));
    }

    private static String typeWord(String type) {
        return switch (type) {
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            case "object" -> "a mapping";
            default -> type;
        };
    }

    private static String typeWord(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            default -> "nothing";
        };
    }

    /** The schema's description of a value, first letter lower-case and without the final period. */
    private static String description(JsonNode schema) {
        JsonNode d = schema.get("description");
        if (d == null) {
            JsonNode target = refTarget(schema);
            d = target == null ? null : target.get("description");
        }
        if (d == null) {
            return "";
        }
        String text = d.asText().strip();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return text;
        }
        java.util.regex.Matcher sentences = Pattern.compile("\\. (\\p{Upper})").matcher(text);
        String joined = sentences.replaceAll(m -> "; " + m.group(1).toLowerCase(Locale.ROOT));
        return Character.toLowerCase(joined.charAt(0)) + joined.substring(1);
    }

    /** e.g. {@code members: [alice, bob]}, from the schema's examples of the value (up to three, joined with "or"). */
    private static String example(String key, JsonNode schema) {
        JsonNode examples = schema.get("examples");
        if (examples == null) {
            JsonNode target = refTarget(schema);
            examples = target == null ? null : target.get("examples");
        }
        String prefix = key.isEmpty() ? "" : key.equals("-") ? "- " : key + ": ";
        if (examples == null || !examples.isArray() || examples.isEmpty()) {
            return prefix + "<" + (description(schema).isEmpty() ? "a value" : description(schema)) + ">";
        }
        return StreamSupport.stream(examples.spliterator(), false).limit(3).map(e -> prefix + flow(e))
                .collect(Collectors.joining(", or "));
    }

    private static JsonNode refTarget(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref != null && ref.asText().startsWith("#") ? SCHEMA_TREE.at(ref.asText().substring(1)) : null;
    }

    /** A value in YAML flow style, as it would be written in the policy file. */
    static String flow(JsonNode node) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                return "{}";
            }
            List<String> entries = new ArrayList<>();
            node.properties().forEach(e -> entries.add(e.getKey() + ": " + flow(e.getValue())));
            return "{ " + String.join(", ", entries) + " }";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(flow(n)));
            return "[" + String.join(", ", items) + "]";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            boolean plain = PLAIN.matcher(text).matches() && !NUMBER_LIKE.matcher(text).matches()
                    && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT));
            return plain ? text : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return node.asText();
    }

    /** The 3-character suffix that turns a 15-character Salesforce id into its case-insensitive 18-character form. */
    static String salesforceChecksum(String id15) {
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int bit = 0; bit < 5; bit++) {
                char c = id15.charAt(chunk * 5 + bit);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << bit;
                }
            }
            suffix.append(CHECKSUM_CHARS.charAt(flags));
        }
        return suffix.toString();
    }
}
