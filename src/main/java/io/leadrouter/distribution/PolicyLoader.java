package io.leadrouter.distribution;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadrouter.lead.Countries;
import io.leadrouter.lead.LeadField;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code policy/distribution.yaml}. It either returns a complete {@link Policy} or throws a
 * {@link PolicyException} listing every problem found, each with its YAML path and the fix.
 */
public final class PolicyLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String ID_FIX = "use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. inside-sales";
    private static final Pattern SALESFORCE_ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
    private static final String CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private static final List<String> ROOT_KEYS = List.of("teams", "rules");
    private static final List<String> TEAM_KEYS = List.of("id", "name", "members");
    private static final List<String> REP_KEYS = List.of("id", "name", "crm", "active");
    private static final List<String> RULE_KEYS = List.of("id", "description", "when", "then");
    private static final List<String> THEN_KEYS = List.of("push");
    private static final List<String> PUSH_KEYS = List.of("strategy", "team");
    private static final List<String> MATCHER_KEYS = List.of("in", "present", "endsWith");

    private PolicyLoader() {
    }

    /** Loads the policy file; problems name the file as given. */
    public static Policy load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PolicyException(List.of(name + ": (file): not found — fix: create it, or point leadrouter at the policy file's path"));
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": (file): cannot be read (" + e + ") — fix: check that the file is readable"));
        }
        return parse(name, text);
    }

    /** Parses policy text; {@code fileName} is only used in problem messages. */
    static Policy parse(String fileName, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "(document)" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new PolicyException(List.of(fileName + ": " + where + ": not valid YAML: " + oneLine(e.getOriginalMessage())
                    + " — fix: correct the YAML there (indentation, quoting, a key given twice)"));
        }
        return new Reader(fileName).read(root);
    }

    /** One pass over the tree, collecting every problem instead of stopping at the first. */
    private static final class Reader {
        private final String file;
        private final List<String> problems = new ArrayList<>();

        Reader(String file) {
            this.file = file;
        }

        Policy read(JsonNode root) {
            if (root == null || !root.isObject()) {
                problem("(document)", "expected a mapping with the keys " + ROOT_KEYS,
                        "start the file with 'teams:' and 'rules:' (see the shipped policy/distribution.yaml)");
                throw new PolicyException(problems);
            }
            knownKeys(root, "", ROOT_KEYS);
            Set<String> teamIds = new LinkedHashSet<>();
            List<Team> teams = teams(root.get("teams"), teamIds);
            List<Rule> rules = rules(root.get("rules"), teamIds);
            if (!problems.isEmpty()) {
                throw new PolicyException(problems);
            }
            return new Policy(teams, rules);
        }

        /** Reads the teams; {@code declaredIds} gets every valid team id, even of a team with other problems, so rules are checked against what the admin meant. */
        private List<Team> teams(JsonNode node, Set<String> declaredIds) {
            List<Team> teams = new ArrayList<>();
            if (!nonEmptyList(node, "teams", "team", "add a team: - { id: inside-sales, name: Inside sales, members: [...] }")) {
                return teams;
            }
            Map<String, String> seen = new HashMap<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "teams[" + i + "]";
                JsonNode t = node.get(i);
                if (!isObject(t, path, "a team with id, name and members")) {
                    continue;
                }
                knownKeys(t, path, TEAM_KEYS);
                String id = id(t, path, "team", seen);
                if (id != null) {
                    declaredIds.add(id);
                }
                String name = optionalText(t, path, "name");
                List<Rep> members = members(t.get("members"), path + ".members");
                if (id != null && members != null) {
                    teams.add(new Team(id, name == null ? id : name, members));
                }
            }
            return teams;
        }

        private List<Rep> members(JsonNode node, String path) {
            if (!nonEmptyList(node, path, "member", "add the team's reps: - { id: alice, name: Alice, crm: { salesforce: 005... } }")) {
                return null;
            }
            List<Rep> reps = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            boolean complete = true;
            for (int i = 0; i < node.size(); i++) {
                String repPath = path + "[" + i + "]";
                JsonNode r = node.get(i);
                if (!isObject(r, repPath, "a rep with id, name and crm")) {
                    complete = false;
                    continue;
                }
                knownKeys(r, repPath, REP_KEYS);
                String id = id(r, repPath, "member", seen);
                String name = optionalText(r, repPath, "name");
                Map<String, String> crm = crmIds(r.get("crm"), repPath + ".crm");
                boolean active = true;
                JsonNode a = r.get("active");
                if (a != null && !a.isNull()) {
                    if (a.isBoolean()) {
                        active = a.booleanValue();
                    } else {
                        problem(repPath + ".active", "'" + a.asText() + "' is not true or false",
                                "write active: true, or active: false to pause the rep");
                    }
                }
                if (id == null || crm == null) {
                    complete = false;
                } else {
                    reps.add(new Rep(id, name == null ? id : name, crm, active));
                }
            }
            return complete ? reps : null;
        }

        private Map<String, String> crmIds(JsonNode node, String path) {
            if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
                problem(path, "missing: the rep has no CRM user id", "add crm: { salesforce: <18-character user id> } and/or hubspot: <owner id>");
                return null;
            }
            if (!isObject(node, path, "a mapping of CRM name to user id, e.g. { salesforce: 005... }")) {
                return null;
            }
            Map<String, String> ids = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String crm = e.getKey();
                String idPath = path + "." + crm;
                JsonNode v = e.getValue();
                if (!Crms.ALL.contains(crm)) {
                    problem(idPath, "unknown CRM '" + crm + "'", suggest(crm, Crms.ALL, "use one of " + Crms.ALL));
                    ok = false;
                } else if (Crms.SALESFORCE.equals(crm)) {
                    String id = salesforceUserId(v, idPath);
                    ok &= id != null;
                    ids.put(crm, id);
                } else {
                    String id = hubspotOwnerId(v, idPath);
                    ok &= id != null;
                    ids.put(crm, id);
                }
            }
            return ok ? ids : null;
        }

        private String salesforceUserId(JsonNode v, String path) {
            String fix = "copy the user's id from Salesforce (Setup > Users > the user: the id in the address bar), in quotes";
            if (v != null && v.isNumber()) {
                problem(path, "read as the number " + v.asText() + ", not as text: YAML reads unquoted digits as a number",
                        "put the id in quotes, e.g. salesforce: \"005000000000001\"");
                return null;
            }
            if (v == null || !v.isTextual()) {
                problem(path, "'" + (v == null ? "" : v.asText()) + "' is not text", fix);
                return null;
            }
            String id = v.textValue();
            if (!SALESFORCE_ID.matcher(id).matches()) {
                problem(path, "'" + id + "' is not a Salesforce id (15 or 18 letters and digits)", fix);
                return null;
            }
            if (!id.startsWith("005")) {
                problem(path, "'" + id + "' is not a Salesforce user id (user ids start with 005)", fix);
                return null;
            }
            String full = id.substring(0, 15) + salesforceChecksum(id.substring(0, 15));
            if (id.length() == 18 && !full.equals(id)) {
                problem(path, "'" + id + "' has a wrong checksum (for these first 15 characters the id ends in '"
                        + full.substring(15) + "'); it was probably mistyped", fix);
                return null;
            }
            return full;
        }

        private String hubspotOwnerId(JsonNode v, String path) {
            String text = v == null ? "" : v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.textValue() : null;
            if (text == null || !DIGITS.matcher(text).matches()) {
                problem(path, "'" + (v == null ? "" : v.asText()) + "' is not a HubSpot owner id (digits only)",
                        "use the owner's numeric id from HubSpot (Settings > Users & Teams, or the owners API)");
                return null;
            }
            return text;
        }

        private List<Rule> rules(JsonNode node, Set<String> teamIds) {
            List<Rule> rules = new ArrayList<>();
            if (!nonEmptyList(node, "rules", "rule", "add a rule: - { id: everyone, when: {}, then: { push: { strategy: round-robin, team: <team id> } } }")) {
                return rules;
            }
            Map<String, String> seen = new HashMap<>();
            String catchAll = null;
            for (int i = 0; i < node.size(); i++) {
                String path = "rules[" + i + "]";
                JsonNode r = node.get(i);
                if (!isObject(r, path, "a rule with id, when and then")) {
                    continue;
                }
                knownKeys(r, path, RULE_KEYS);
                String id = id(r, path, "rule", seen);
                String description = optionalText(r, path, "description");
                List<Condition> when = when(r.get("when"), path + ".when");
                Action then = then(r.get("then"), path + ".then", teamIds);
                if (catchAll != null && id != null) {
                    problem(path, "rule '" + id + "' is never tried: rule '" + catchAll + "' above it matches every lead",
                            "move '" + id + "' above '" + catchAll + "', or delete it");
                }
                if (id != null && when != null && then != null) {
                    Rule rule = new Rule(id, description, when, then);
                    rules.add(rule);
                    if (catchAll == null && rule.matchesEverything()) {
                        catchAll = id;
                    }
                }
            }
            return rules;
        }

        private List<Condition> when(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!isObject(node, path, "a mapping of lead field to matcher, e.g. { country: [US, CA] }, or {} for every lead")) {
                return null;
            }
            List<String> fields = Condition.fieldNames();
            List<Condition> conditions = new ArrayList<>();
            boolean ok = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String field = e.getKey();
                String fieldPath = path + "." + field;
                if (!fields.contains(field)) {
                    problem(fieldPath, "unknown lead field '" + field + "'", suggest(field, fields, "use one of " + fields));
                    ok = false;
                    continue;
                }
                Matcher matcher = matcher(field, e.getValue(), fieldPath);
                if (matcher == null) {
                    ok = false;
                } else {
                    conditions.add(new Condition.Field(field, matcher));
                }
            }
            return ok ? conditions : null;
        }

        private Matcher matcher(String field, JsonNode node, String path) {
            String fix = "write a list of values, e.g. " + field + ": [a, b], or one of { in: [a, b] }, { present: true }, { endsWith: [\"@example.com\"] }";
            if (node != null && node.isArray()) {
                List<String> values = values(field, node, path);
                return values == null ? null : new Matcher.OneOf(values);
            }
            if (node == null || !node.isObject()) {
                problem(path, "'" + (node == null ? "" : node.asText()) + "' is not a matcher", fix);
                return null;
            }
            knownKeys(node, path, MATCHER_KEYS);
            List<String> kinds = new ArrayList<>();
            node.fieldNames().forEachRemaining(kinds::add);
            kinds.retainAll(MATCHER_KEYS);
            if (kinds.size() != 1) {
                if (node.size() == kinds.size()) {
                    problem(path, kinds.isEmpty() ? "empty matcher" : "more than one matcher " + kinds,
                            "give exactly one of " + MATCHER_KEYS + " per field");
                }
                return null;
            }
            String kind = kinds.get(0);
            JsonNode arg = node.get(kind);
            String argPath = path + "." + kind;
            switch (kind) {
                case "in" -> {
                    List<String> values = values(field, arg, argPath);
                    return values == null ? null : new Matcher.OneOf(values);
                }
                case "endsWith" -> {
                    List<String> values = values(null, arg, argPath);
                    return values == null ? null : new Matcher.EndsWith(values);
                }
                default -> {
                    if (arg == null || !arg.isBoolean()) {
                        problem(argPath, "'" + (arg == null ? "" : arg.asText()) + "' is not true or false",
                                "write present: true (the lead has a " + field + ") or present: false (it has none)");
                        return null;
                    }
                    return new Matcher.Present(arg.booleanValue());
                }
            }
        }

        /** A non-empty list of text values; for {@code country}, each must be an ISO alpha-2 code since leads carry those. */
        private List<String> values(String field, JsonNode node, String path) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                problem(path, "expected a non-empty list of values", "write e.g. [a, b]; to test for a missing value use { present: false }");
                return null;
            }
            List<String> values = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                String valuePath = path + "[" + i + "]";
                if (v.isBoolean()) {
                    problem(valuePath, "read as " + v.asText() + ", not as text: unquoted yes/no/on/off/true/false are true or false in YAML",
                            "put the value in quotes, e.g. \"NO\" for Norway");
                    ok = false;
                    continue;
                }
                if (!(v.isTextual() || v.isNumber()) || v.asText().isBlank()) {
                    problem(valuePath, "'" + v.asText() + "' is not a text value", "write a non-empty text value, quoted if in doubt");
                    ok = false;
                    continue;
                }
                String value = v.asText();
                if (LeadField.COUNTRY.externalName().equals(field) && !Countries.isAlpha2(value.toUpperCase(Locale.ROOT))) {
                    problem(valuePath, "'" + value + "' is not an ISO-3166 alpha-2 country code, so no lead can match it",
                            "use the two-letter code leads carry, e.g. GB for the United Kingdom, DE for Germany");
                    ok = false;
                    continue;
                }
                values.add(value);
            }
            return ok ? values : null;
        }

        private Action then(JsonNode node, String path, Set<String> teamIds) {
            String pushExample = "push: { strategy: round-robin, team: " + (teamIds.isEmpty() ? "<team id>" : teamIds.iterator().next()) + " }";
            if (node == null || node.isNull()) {
                problem(path, "missing: the rule does not say where leads go", "add then: { " + pushExample + " }");
                return null;
            }
            if (!isObject(node, path, "a mapping with " + pushExample)) {
                return null;
            }
            knownKeys(node, path, THEN_KEYS);
            JsonNode push = node.get("push");
            String pushPath = path + ".push";
            if (push == null || push.isNull()) {
                if (node.size() == 0) {
                    problem(path, "empty: the rule does not say where leads go", "add " + pushExample);
                }
                return null;
            }
            if (!isObject(push, pushPath, "a mapping with strategy and team")) {
                return null;
            }
            knownKeys(push, pushPath, PUSH_KEYS);
            Strategy strategy = null;
            String strategyName = requiredText(push, pushPath, "strategy", "add strategy: round-robin");
            if (strategyName != null) {
                strategy = Strategy.fromName(strategyName).orElse(null);
                if (strategy == null) {
                    problem(pushPath + ".strategy", "unknown strategy '" + strategyName + "'",
                            suggest(strategyName, Strategy.names(), "use one of " + Strategy.names()));
                }
            }
            String team = requiredText(push, pushPath, "team", "add team: <one of " + teamIds + ">");
            if (team != null && !teamIds.contains(team)) {
                problem(pushPath + ".team", "unknown team '" + team + "'",
                        teamIds.isEmpty() ? "define the team under 'teams:' first" : suggest(team, List.copyOf(teamIds), "use one of " + teamIds));
                team = null;
            }
            return strategy == null || team == null ? null : new Action.Push(strategy, team, false, false);
        }

        private String id(JsonNode node, String path, String what, Map<String, String> seen) {
            String id = requiredText(node, path, "id", "add id: <a short unique name>");
            if (id == null) {
                return null;
            }
            if (!ID.matcher(id).matches()) {
                problem(path + ".id", "'" + id + "' is not a valid " + what + " id", ID_FIX);
                return null;
            }
            String earlier = seen.putIfAbsent(id, path);
            if (earlier != null) {
                problem(path + ".id", "duplicate " + what + " id '" + id + "' (also at " + earlier + ")",
                        "give each " + what + " its own id");
                return null;
            }
            return id;
        }

        private String requiredText(JsonNode node, String path, String key, String fix) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                problem(path + "." + key, "missing", fix);
                return null;
            }
            return text(v, path + "." + key);
        }

        private String optionalText(JsonNode node, String path, String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : text(v, path + "." + key);
        }

        private String text(JsonNode v, String path) {
            if (!v.isTextual() || v.textValue().isBlank()) {
                problem(path, v.isTextual() ? "blank" : "expected text, found " + v.getNodeType().toString().toLowerCase(Locale.ROOT),
                        "write a non-empty text value");
                return null;
            }
            return v.textValue().strip();
        }

        private boolean nonEmptyList(JsonNode node, String path, String what, String fix) {
            if (node == null || node.isNull()) {
                problem(path, "missing: at least one " + what + " is required", fix);
                return false;
            }
            if (!node.isArray()) {
                problem(path, "expected a list of " + what + "s", "write each " + what + " as a list item starting with '- '");
                return false;
            }
            if (node.isEmpty()) {
                problem(path, "empty: at least one " + what + " is required", fix);
                return false;
            }
            return true;
        }

        private boolean isObject(JsonNode node, String path, String expected) {
            if (node != null && node.isObject()) {
                return true;
            }
            problem(path, "expected " + expected, "see the comments in the shipped policy/distribution.yaml for the shape");
            return false;
        }

        private void knownKeys(JsonNode node, String path, List<String> known) {
            node.fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    problem(path.isEmpty() ? key : path + "." + key, "unknown key '" + key + "'",
                            suggest(key, known, "remove it; the keys here are " + known));
                }
            });
        }

        private void problem(String path, String problem, String fix) {
            problems.add(file + ": " + path + ": " + problem + " — fix: " + fix);
        }
    }

    /** The parser's message without the quoted source excerpts, on one line (the location is reported separately). */
    private static String oneLine(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !line.startsWith(" in 'reader'") && !line.startsWith("    "))
                .map(String::strip)
                .collect(Collectors.joining("; "));
    }

    /** "did you mean" the closest known word (at most 2 edits away), else the fallback advice. */
    private static String suggest(String word, List<String> known, String otherwise) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(word.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? otherwise : "did you mean '" + best + "'? (" + otherwise + ")";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
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
