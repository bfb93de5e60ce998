package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules as an admin writes them in the policy file: each matcher, all / any / not, first match wins, and the trace. */
class RuleMatchingTest {
    private static final Instant NOW = Instant.parse("2025-03-03T09:30:00Z");
    private static final String TEAMS = """
            reps:
              - { id: alice, crm: { salesforce: 005000000000001AAA } }
              - { id: bruno, crm: { salesforce: 005000000000002AAA } }
              - { id: kim, crm: { salesforce: 005000000000003AAA } }
            teams:
              - { id: na, members: [alice] }
              - { id: emea, members: [bruno] }
              - { id: key-accounts, members: [kim] }
            """;

    private static Lead lead(String email, String country) {
        return new Lead("form-acme-contact", email, null, "Jo", "Doe", "Acme", null, country, null, Map.of());
    }

    private static Lead withAttributes(Map<String, String> attributes) {
        return new Lead("form-acme-contact", "jo@acme.com", null, null, null, null, null, null, null, attributes);
    }

    private static Lead withTitle(String title, String phone) {
        return new Lead("form-acme-contact", "jo@acme.com", phone, null, null, null, title, null, null, Map.of());
    }

    private static Decision decide(String rules, Lead lead) {
        Policy policy = PolicyLoader.parse("policy.yaml", TEAMS + rules);
        return new Distributor(policy, Clock.fixed(NOW, ZoneOffset.UTC))
                .decide(new LeadContext(lead, NOW, Crms.SALESFORCE), StateOverlay.empty()).decision();
    }

    /** The team of the assigned rep, or "held". */
    private static String teamFor(String rules, Lead lead) {
        Decision d = decide(rules, lead);
        return d instanceof Assign a ? a.teamId() : "held";
    }

    /** The single rule's trial detail: what the trace says about this lead. */
    private static String explained(String when, Lead lead) {
        Decision d = decide("rules:\n  - { id: r, when: " + when + ", then: { push: { team: na, strategy: round-robin } } }\n",
                lead);
        return d.trace().rules().get(0).detail();
    }

    private static String rule(String id, String when, String team) {
        return "  - { id: " + id + ", when: " + when + ", then: { push: { team: " + team + ", strategy: round-robin } } }\n";
    }

    @Test
    void aListMatchesAnyOfItsValuesIgnoringCase() {
        String rules = "rules:\n" + rule("na", "{ country: [us, ca] }", "na");

        assertThat(teamFor(rules, lead("jo@acme.com", "US"))).isEqualTo("na");
        assertThat(teamFor(rules, lead("jo@acme.com", "CA"))).isEqualTo("na");
        assertThat(teamFor(rules, lead("jo@acme.com", "MX"))).isEqualTo("held");
        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("held");
        assertThat(explained("{ country: [us, ca] }", lead("jo@acme.com", "US"))).isEqualTo("country 'US' in [us, ca]");
        assertThat(explained("{ country: [us, ca] }", lead("jo@acme.com", "MX"))).isEqualTo("country 'MX' not in [us, ca]");
        assertThat(explained("{ country: [us, ca] }", lead("jo@acme.com", null)))
                .isEqualTo("country absent, expected in [us, ca]");
    }

    @Test
    void inIsTheSpelledOutListAndEqualsTheOneValueForm() {
        String rules = "rules:\n" + rule("emea", "{ country: { in: [DE, FR, \"NO\"] } }", "emea")
                + rule("key", "{ company: { equals: ACME } }", "key-accounts");

        assertThat(teamFor(rules, lead("jo@acme.com", "NO"))).as("quoted, NO stays text").isEqualTo("emea");
        assertThat(teamFor(rules, lead("jo@acme.com", "US"))).isEqualTo("key-accounts");
        assertThat(explained("{ company: { equals: ACME } }", lead("jo@acme.com", null)))
                .isEqualTo("company 'Acme' in [ACME]");
        assertThat(explained("{ company: { equals: Globex } }", lead("jo@acme.com", null)))
                .isEqualTo("company 'Acme' not in [Globex]");
    }

    @Test
    void prefixMatchesTheStartIgnoringCase() {
        String when = "{ title: { prefix: [VP, head of] } }";

        assertThat(teamFor("rules:\n" + rule("execs", when, "key-accounts"), withTitle("vp sales", null)))
                .isEqualTo("key-accounts");
        assertThat(explained(when, withTitle("Head of IT", null)))
                .isEqualTo("title 'Head of IT' starts with one of [VP, head of]");
        assertThat(explained(when, withTitle("Assistant to the VP", null)))
                .isEqualTo("title 'Assistant to the VP' does not start with any of [VP, head of]");
        assertThat(explained(when, withTitle(null, "+14155550132"))).isEqualTo("title absent, expected it to start with one"
                + " of [VP, head of]");
    }

    @Test
    void endsWithMatchesTheEndIgnoringCase() {
        String rules = "rules:\n" + rule("key", "{ email: { endsWith: [\"@Acme.com\", \".gov\"] } }", "key-accounts");

        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, lead("jo@nasa.gov", null))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, lead("jo@notacme.com", null))).isEqualTo("held");
        assertThat(explained("{ email: { endsWith: [\".gov\"] } }", lead("jo@acme.com", null)))
                .isEqualTo("email '***@acme.com' does not end with any of [.gov]");
    }

    @Test
    void domainMatchesTheDomainAndItsSubdomainsOnly() {
        String rules = "rules:\n" + rule("key", "{ email: { domain: [Acme.com] } }", "key-accounts");

        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, lead("jo@eu.acme.com", null))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, lead("jo@notacme.com", null))).isEqualTo("held");
        assertThat(teamFor(rules, lead("jo@acme.com.evil.example", null))).isEqualTo("held");
        assertThat(explained("{ email: { domain: [acme.com, globex.com] } }", lead("jo@initech.com", null)))
                .isEqualTo("email '***@initech.com' is not at domain one of [acme.com, globex.com]");
        assertThat(explained("{ email: { domain: [acme.com] } }", lead("jo@eu.acme.com", null)))
                .isEqualTo("email '***@eu.acme.com' is at domain acme.com");
    }

    @Test
    void rangeIncludesMinExcludesMaxAndNeedsANumber() {
        String when = "{ attributes.employees: { range: { min: 500, max: 5000 } } }";
        String rules = "rules:\n" + rule("mid", when, "key-accounts");

        assertThat(teamFor(rules, withAttributes(Map.of("employees", "500")))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, withAttributes(Map.of("employees", "4999.5")))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, withAttributes(Map.of("employees", "5000")))).isEqualTo("held");
        assertThat(teamFor(rules, withAttributes(Map.of("employees", "499")))).isEqualTo("held");
        assertThat(explained(when, withAttributes(Map.of("employees", "900"))))
                .isEqualTo("attributes.employees '900' is from 500 to below 5000");
        assertThat(explained(when, withAttributes(Map.of("employees", "lots"))))
                .isEqualTo("attributes.employees 'lots' is not a number, expected from 500 to below 5000");
        assertThat(explained(when, withAttributes(Map.of())))
                .isEqualTo("attributes.employees absent, expected a number from 500 to below 5000");
        assertThat(explained("{ attributes.employees: { range: { min: 1000 } } }", withAttributes(Map.of("employees", "10"))))
                .isEqualTo("attributes.employees '10' is not at least 1000");
        assertThat(explained("{ attributes.employees: { range: { max: 50 } } }", withAttributes(Map.of("employees", "10"))))
                .isEqualTo("attributes.employees '10' is below 50");
    }

    @Test
    void presentTestsWhetherTheFieldHasAValue() {
        String rules = "rules:\n" + rule("callable", "{ phone: { present: true } }", "na")
                + rule("email-only", "{ phone: { present: false } }", "emea");
        Lead withPhone = new Lead("form", null, "+4915112345678", null, null, null, null, null, null, Map.of());

        assertThat(teamFor(rules, withPhone)).isEqualTo("na");
        Decision noPhone = decide(rules, lead("jo@acme.com", null));
        assertThat(((Assign) noPhone).teamId()).isEqualTo("emea");
        assertThat(noPhone.trace().rules()).containsExactly(
                new RuleTrial("callable", false, "phone absent, expected present"),
                new RuleTrial("email-only", true, "phone absent"));
    }

    @Test
    void sourceAndAttributesAreFieldsToo() {
        String rules = "rules:\n" + rule("acme-form", "{ source: [form-acme-contact] }", "na")
                + rule("newsletter", "{ attributes.utm_source: [newsletter] }", "emea");

        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("na");
        assertThat(teamFor(rules, new Lead("mail-inbox", "jo@acme.com", null, null, null, null, null, null, null,
                Map.of("utm_source", "Newsletter")))).isEqualTo("emea");
        assertThat(teamFor(rules, new Lead("mail-inbox", "jo@acme.com", null, null, null, null, null, null, null,
                Map.of()))).isEqualTo("held");
    }

    @Test
    void everyConditionMustHoldAndTheTraceNamesTheOneThatFailed() {
        String rules = """
                rules:
                  - id: us-key
                    when: { country: [US], email: { endsWith: ["@acme.com"] } }
                    then: { push: { team: key-accounts, strategy: round-robin } }
                  - { id: everyone, then: { push: { team: na, strategy: round-robin } } }
                """;

        Decision hit = decide(rules, lead("jo@acme.com", "US"));
        Decision miss = decide(rules, lead("jo.private@gmail.com", "US"));

        assertThat(((Assign) hit).teamId()).isEqualTo("key-accounts");
        assertThat(hit.trace().rules()).containsExactly(
                new RuleTrial("us-key", true, "country 'US' in [US]; email '***@acme.com' ends with one of [@acme.com]"));
        assertThat(((Assign) miss).teamId()).isEqualTo("na");
        assertThat(miss.trace().rules()).containsExactly(
                new RuleTrial("us-key", false, "email '***@gmail.com' does not end with any of [@acme.com]"),
                new RuleTrial("everyone", true, "no conditions: matches every lead"));
    }

    @Test
    void anyHoldsWhenOneOfItsConditionsHolds() {
        String when = "{ any: [ { country: [DE] }, { title: { prefix: [VP] } } ] }";
        String rules = "rules:\n" + rule("either", when, "emea");

        assertThat(teamFor(rules, lead("jo@acme.com", "DE"))).isEqualTo("emea");
        assertThat(teamFor(rules, withTitle("VP Sales", null))).isEqualTo("emea");
        assertThat(teamFor(rules, lead("jo@acme.com", "US"))).isEqualTo("held");
        assertThat(explained(when, withTitle("VP Sales", null))).isEqualTo("title 'VP Sales' starts with one of [VP]");
        assertThat(explained(when, lead("jo@acme.com", "US"))).isEqualTo("none of: country 'US' not in [DE]; title absent,"
                + " expected it to start with one of [VP]");
    }

    @Test
    void allGroupsConditionsInsideAny() {
        String when = "{ any: [ { all: [ { country: [DE] }, { phone: { present: true } } ] }, { company: [globex] } ] }";
        String rules = "rules:\n" + rule("callable-germans", when, "emea");
        Lead callableGerman = new Lead("form", "jo@acme.com", "+4930901820", null, null, null, null, "DE", null, Map.of());

        assertThat(teamFor(rules, callableGerman)).isEqualTo("emea");
        assertThat(teamFor(rules, lead("jo@acme.com", "DE"))).as("no phone").isEqualTo("held");
        assertThat(explained(when, callableGerman)).isEqualTo("country 'DE' in [DE]; phone present");
        assertThat(explained(when, lead("jo@acme.com", "DE"))).isEqualTo("none of: phone absent, expected present;"
                + " company 'Acme' not in [globex]");
        assertThat(PolicyLoader.parse("policy.yaml", TEAMS + rules).rules().get(0).when().describe())
                .isEqualTo("((country in [DE] and phone present) or company in [globex])");
    }

    @Test
    void notHoldsWhenItsConditionDoesNot() {
        String when = "{ country: [DE], not: { email: { endsWith: [\".edu\"] } } }";
        String rules = "rules:\n" + rule("german-business", when, "emea");

        assertThat(teamFor(rules, lead("jo@acme.com", "DE"))).isEqualTo("emea");
        assertThat(teamFor(rules, lead("jo@tu-berlin.edu", "DE"))).isEqualTo("held");
        assertThat(explained(when, lead("jo@acme.com", "DE"))).isEqualTo("country 'DE' in [DE]; not (email '***@acme.com'"
                + " does not end with any of [.edu])");
        assertThat(explained(when, lead("jo@tu-berlin.edu", "DE"))).isEqualTo("not (email '***@tu-berlin.edu' ends with"
                + " one of [.edu])");
    }

    @Test
    void theFirstMatchingRuleDecides() {
        String rules = "rules:\n" + rule("germany", "{ country: [DE] }", "emea") + rule("acme", "{ company: [acme] }",
                "key-accounts") + "  - { id: everyone, then: { push: { team: na, strategy: round-robin } } }\n";

        Decision german = decide(rules, lead("jo@acme.com", "DE"));
        Decision american = decide(rules, lead("jo@acme.com", "US"));

        assertThat(((Assign) german).ruleId()).isEqualTo("germany");
        assertThat(german.trace().rules()).extracting(RuleTrial::ruleId).containsExactly("germany");
        assertThat(((Assign) american).ruleId()).isEqualTo("acme");
        assertThat(american.trace().rules()).containsExactly(
                new RuleTrial("germany", false, "country 'US' not in [DE]"),
                new RuleTrial("acme", true, "company 'Acme' in [acme]"));
    }

    @Test
    void personalValuesAreMaskedInTheTrace() {
        Decision d = decide("rules:\n" + rule("vip", "{ lastName: [Smith], phone: { prefix: [\"+49\"] } }", "na"),
                lead("jo@acme.com", null));
        Decision phone = decide("rules:\n" + rule("german-phone", "{ phone: { prefix: [\"+44\"] } }", "na"),
                new Lead("form", null, "+4915112345678", null, null, null, null, null, null, Map.of()));

        assertThat(d.trace().rules()).containsExactly(new RuleTrial("vip", false, "lastName '***' not in [Smith]"));
        assertThat(d.trace().summary()).doesNotContain("Doe");
        assertThat(phone.trace().rules().get(0).detail()).isEqualTo("phone '+49***' does not start with any of [+44]");
    }

    @Test
    void numbersInMatchersAreComparedAsWritten() {
        String rules = "rules:\n" + rule("zip", "{ attributes.zip: [01067, 10115] }", "emea");

        assertThat(teamFor(rules, withAttributes(Map.of("zip", "01067")))).as("not read as octal").isEqualTo("emea");
        assertThat(teamFor(rules, withAttributes(Map.of("zip", "10115")))).isEqualTo("emea");
    }
}
