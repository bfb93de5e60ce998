package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.leadrouter.distribution.Fixtures.CLOCK;
import static io.leadrouter.distribution.Fixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules as an admin writes them in the policy file: each matcher kind, all-must-hold, and first match wins. */
class RuleMatchingTest {
    private static final String TEAMS = """
            teams:
              - id: na
                members: [{ id: alice, crm: { salesforce: 005000000000001AAA } }]
              - id: emea
                members: [{ id: bruno, crm: { salesforce: 005000000000002AAA } }]
              - id: key-accounts
                members: [{ id: kim, crm: { salesforce: 005000000000003AAA } }]
            """;

    private static Decision decide(String rules, Lead lead) {
        Policy policy = PolicyLoader.parse("policy.yaml", TEAMS + rules);
        return new Distributor(policy, CLOCK).decide(new LeadContext(lead, Fixtures.NOW, Crms.SALESFORCE), StateOverlay.empty()).decision();
    }

    private static String teamFor(String rules, Lead lead) {
        Decision d = decide(rules, lead);
        return d instanceof Assign a ? a.teamId() : "held";
    }

    @Test
    void aListMatchesAnyOfItsValuesIgnoringCase() {
        String rules = """
                rules:
                  - { id: na, when: { country: [us, ca] }, then: { push: { strategy: round-robin, team: na } } }
                """;

        assertThat(teamFor(rules, lead("jo@acme.com", "US"))).isEqualTo("na");
        assertThat(teamFor(rules, lead("jo@acme.com", "CA"))).isEqualTo("na");
        assertThat(teamFor(rules, lead("jo@acme.com", "MX"))).isEqualTo("held");
        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("held");
    }

    @Test
    void inIsTheSpelledOutList() {
        String rules = """
                rules:
                  - { id: emea, when: { country: { in: [DE, FR, "NO"] } }, then: { push: { strategy: round-robin, team: emea } } }
                """;

        assertThat(teamFor(rules, lead("jo@acme.com", "NO"))).as("quoted, NO stays text").isEqualTo("emea");
        assertThat(teamFor(rules, lead("jo@acme.com", "US"))).isEqualTo("held");
    }

    @Test
    void presentTestsWhetherTheFieldHasAValue() {
        String rules = """
                rules:
                  - { id: callable, when: { phone: { present: true } }, then: { push: { strategy: round-robin, team: na } } }
                  - { id: email-only, when: { phone: { present: false } }, then: { push: { strategy: round-robin, team: emea } } }
                """;
        Lead withPhone = new Lead("form", null, "+4915112345678", null, null, null, null, null, null, Map.of());

        assertThat(teamFor(rules, withPhone)).isEqualTo("na");
        Decision noPhone = decide(rules, lead("jo@acme.com", null));
        assertThat(((Assign) noPhone).teamId()).isEqualTo("emea");
        assertThat(noPhone.trace().rules()).containsExactly(
                new RuleTrial("callable", false, "phone absent, expected present"),
                new RuleTrial("email-only", true, "phone absent"));
    }

    @Test
    void endsWithMatchesEmailDomainsIgnoringCase() {
        String rules = """
                rules:
                  - { id: key, when: { email: { endsWith: ["@Acme.com", ".gov"] } }, then: { push: { strategy: round-robin, team: key-accounts } } }
                """;

        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, lead("jo@nasa.gov", null))).isEqualTo("key-accounts");
        assertThat(teamFor(rules, lead("jo@notacme.com", null))).isEqualTo("held");
    }

    @Test
    void sourceMatchesTheLeadSourceId() {
        String rules = """
                rules:
                  - { id: acme-form, when: { source: [form-acme-contact] }, then: { push: { strategy: round-robin, team: na } } }
                """;

        assertThat(teamFor(rules, lead("jo@acme.com", null))).isEqualTo("na");
        assertThat(teamFor(rules, new Lead("mail-inbox", "jo@acme.com", null, null, null, null, null, null, null, Map.of())))
                .isEqualTo("held");
    }

    @Test
    void everyConditionMustHoldAndTheTraceNamesTheOneThatFailed() {
        String rules = """
                rules:
                  - id: us-key
                    when: { country: [US], email: { endsWith: ["@acme.com"] } }
                    then: { push: { strategy: round-robin, team: key-accounts } }
                  - { id: everyone, when: {}, then: { push: { strategy: round-robin, team: na } } }
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
    void theFirstMatchingRuleDecides() {
        String rules = """
                rules:
                  - { id: germany, when: { country: [DE] }, then: { push: { strategy: round-robin, team: emea } } }
                  - { id: acme, when: { company: [acme] }, then: { push: { strategy: round-robin, team: key-accounts } } }
                  - { id: everyone, then: { push: { strategy: round-robin, team: na } } }
                """;

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
        String rules = """
                rules:
                  - { id: vip, when: { lastName: [Smith] }, then: { push: { strategy: round-robin, team: na } } }
                """;

        Decision d = decide(rules, lead("jo@acme.com", null));

        assertThat(d.trace().rules()).containsExactly(new RuleTrial("vip", false, "lastName '***' not in [Smith]"));
        assertThat(d.trace().summary()).doesNotContain("Doe");
    }
}
