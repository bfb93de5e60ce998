package io.leadrouter.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.lead.Lead;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code policy/distribution.yaml} is the documented example: it loads, its examples pass, it shows every
 * feature, and website leads reach inside sales in rotation. Its schema is the one the loader uses.
 */
class ShippedPolicyTest {
    private static final Path POLICY = Path.of("policy/distribution.yaml");
    private static final Path SCHEMA = Path.of("policy/distribution.schema.json");
    private static final Path CANONICAL_SCHEMA = Path.of("src/main/resources/policy/distribution.schema.json");

    @Test
    void loadsAndItsExamplesPass() {
        Policy policy = PolicyLoader.load(POLICY);

        assertThat(policy.examples()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(PolicyExamples.run(policy)).isEmpty();
        assertThat(policy.examples()).extracting(PolicyExample::outcome)
                .contains("assign", "enqueue", "offer", "hold");
    }

    @Test
    void websiteLeadsGoRoundRobinToInsideSalesAtAnyTime() {
        Policy policy = PolicyLoader.load(POLICY);
        assertThat(policy.team("inside-sales").orElseThrow().members()).extracting(Rep::id, r -> r.crmUserId(Crms.SALESFORCE))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", "005Hs00000Ab1CdIAJ"),
                        org.assertj.core.groups.Tuple.tuple("bob", "005Hs00000Ab2EfIAJ"),
                        org.assertj.core.groups.Tuple.tuple("carol", "005Hs00000Ab3GhIAJ"),
                        org.assertj.core.groups.Tuple.tuple("dave", "005Hs00000Ab4IjIAJ"));
        assertThat(policy.team("inside-sales").orElseThrow().members())
                .allSatisfy(rep -> {
                    assertThat(rep.hours()).isNull();
                    assertThat(rep.caps()).isEqualTo(Caps.NONE);
                    assertThat(rep.active()).isTrue();
                });
        // What the form-website mapping makes of a bare submission (it defaults the country to US), and of a full one.
        List<Lead> leads = List.of(
                new Lead("form-website", "jo@example.com", null, "Jo", null, null, null, "US", null, Map.of()),
                new Lead("form-website", "ada@example.com", "+14155550132", "Ada", "Lovelace", "Engines Ltd", "CTO", "GB",
                        "Call me", Map.of("utm_source", "newsletter", "page_url", "https://example.com/demo")),
                new Lead("form-website", "jo@example.com", null, "Jo", "Doe", "Acme", null, "US", "Hello", Map.of()),
                new Lead("form-website", "grace@navy.example.mil", null, "Grace", "Hopper", "US Navy", "Rear Admiral",
                        "US", null, Map.of("utm_source", "google", "utm_medium", "cpc")));

        for (String at : List.of("2025-03-03T10:00:00Z", "2025-03-08T03:00:00Z", "2025-03-09T23:59:00Z")) {
            Instant now = Instant.parse(at);
            Distributor distributor = new Distributor(policy, Clock.fixed(now, ZoneOffset.UTC));
            StateOverlay state = StateOverlay.empty();
            List<String> reps = new ArrayList<>();
            for (Lead lead : leads) {
                Outcome outcome = distributor.decide(new LeadContext(lead, now, Crms.SALESFORCE), state);
                state.apply(outcome.changes());
                assertThat(outcome.decision()).isInstanceOfSatisfying(Assign.class, a -> {
                    assertThat(a.ruleId()).isEqualTo("everyone");
                    assertThat(a.teamId()).isEqualTo("inside-sales");
                    reps.add(a.repId());
                });
            }
            assertThat(reps).as("at %s", at).containsExactly("alice", "bob", "carol", "dave");
        }
    }

    @Test
    void usesEveryFeature() throws Exception {
        Policy policy = PolicyLoader.load(POLICY);
        JsonNode tree = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(POLICY.toFile());

        assertThat(policy.fallback()).isPresent();
        assertThat(policy.reps()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(policy.reps()).anySatisfy(r -> assertThat(r.weight()).isGreaterThan(1));
        assertThat(policy.reps()).anySatisfy(r -> assertThat(r.caps()).isNotEqualTo(Caps.NONE));
        assertThat(policy.reps()).anySatisfy(r -> assertThat(r.active()).isFalse());
        assertThat(policy.reps().stream().filter(r -> r.hours() != null).map(r -> r.hours().zone()).distinct())
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(policy.teams()).anySatisfy(t -> assertThat(t.partner()).isTrue());
        assertThat(policy.teams()).anySatisfy(t -> assertThat(t.catchUp().maxOwed()).isPositive());
        assertThat(policy.queues()).anySatisfy(q -> assertThat(q.crmOwnerIds()).containsKey(Crms.SALESFORCE));
        assertThat(policy.ladders()).anySatisfy(l -> {
            assertThat(l.businessHours()).isNotNull();
            assertThat(l.steps()).extracting(s -> s.getClass().getSimpleName())
                    .containsExactly("Offer", "Pool", "Partner", "Fallback");
        });
        Set<String> actions = new HashSet<>();
        for (Rule rule : policy.rules()) {
            if (rule.then() instanceof Action.Push push) {
                actions.add("push " + push.strategy().externalName());
                actions.add(push.sticky() ? "sticky" : "not sticky");
                actions.add(push.fallbackIfNobody() ? "ifNobody fallback" : "ifNobody hold");
            } else {
                actions.add(rule.then().getClass().getSimpleName());
            }
        }
        assertThat(actions).contains("push round-robin", "push weighted", "push least-loaded", "sticky",
                "ifNobody fallback", "ifNobody hold", "Pull", "UseLadder");
        Set<String> keys = new HashSet<>();
        collectKeys(tree.path("rules"), keys);
        assertThat(keys).contains("all", "any", "not", "in", "equals", "prefix", "endsWith", "domain", "range", "present");
        assertThat(policy.rules().get(policy.rules().size() - 1)).satisfies(last -> {
            assertThat(last.matchesEverything()).isTrue();
            assertThat(last.then()).isEqualTo(new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", false, false));
        });
    }

    private static void collectKeys(JsonNode node, Set<String> keys) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                keys.add(e.getKey());
                collectKeys(e.getValue(), keys);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectKeys(n, keys));
        }
    }

    @Test
    void theSchemaBesideThePolicyIsTheOneTheLoaderUses() throws Exception {
        assertThat(Files.readAllBytes(SCHEMA))
                .as("policy/distribution.schema.json must be a byte-for-byte copy of " + CANONICAL_SCHEMA
                        + "; fix: cp " + CANONICAL_SCHEMA + " " + SCHEMA)
                .isEqualTo(Files.readAllBytes(CANONICAL_SCHEMA));
        try (InputStream in = PolicyLoader.class.getResourceAsStream(PolicyLoader.SCHEMA_RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(CANONICAL_SCHEMA));
        }
        assertThat(Files.readString(POLICY)).startsWith("# yaml-language-server: $schema=distribution.schema.json\n");
    }

    @Test
    void theSchemaDescribesEveryPropertyAndAllowsNoOthers() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(CANONICAL_SCHEMA.toFile());
        List<String> problems = new ArrayList<>();

        walk(schema, "#", (node, at) -> {
            if (node.has("properties") && !at.endsWith("/if")) {
                if (!node.path("additionalProperties").isBoolean() || node.path("additionalProperties").booleanValue()) {
                    problems.add(at + ": has properties but not additionalProperties: false");
                }
                node.get("properties").properties().forEach(p -> {
                    JsonNode property = p.getValue();
                    boolean described = property.has("description") || property.has("$ref")
                            && schema.at(property.get("$ref").asText().substring(1)).has("description");
                    if (!described) {
                        problems.add(at + "/properties/" + p.getKey() + ": no description");
                    }
                });
            }
        });

        assertThat(problems).as("fix: give each object schema additionalProperties: false and each property a"
                + " description (editors show it)").isEmpty();
    }

    private static void walk(JsonNode node, String at, BiConsumer<JsonNode, String> visit) {
        if (node.isObject()) {
            visit.accept(node, at);
            node.properties().forEach(e -> walk(e.getValue(), at + "/" + e.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, visit);
            }
        }
    }

    @Test
    void theSchemaNamesWhatTheEngineKnows() throws Exception {
        JsonNode defs = new ObjectMapper().readTree(CANONICAL_SCHEMA.toFile()).path("$defs");
        List<String> conditionKeys = new ArrayList<>();
        defs.path("condition").path("properties").fieldNames().forEachRemaining(conditionKeys::add);
        List<String> crms = new ArrayList<>();
        defs.path("crmUserIds").path("properties").fieldNames().forEachRemaining(crms::add);
        List<String> strategies = new ArrayList<>();
        defs.path("strategy").path("enum").forEach(s -> strategies.add(s.asText()));

        List<String> fields = new ArrayList<>(Condition.fieldNames());
        fields.addAll(List.of("all", "any", "not"));
        assertThat(conditionKeys).as("fix: $defs.condition.properties in the schema lists each field of"
                + " Condition.fieldNames() and all, any, not").containsExactlyElementsOf(fields);
        assertThat(crms).as("fix: $defs.crmUserIds.properties lists Crms.ALL").containsExactlyElementsOf(Crms.ALL);
        assertThat(strategies).as("fix: $defs.strategy.enum lists Strategy.names()").containsExactlyElementsOf(Strategy.names());
    }
}
