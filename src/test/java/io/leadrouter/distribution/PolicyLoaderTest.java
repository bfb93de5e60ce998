package io.leadrouter.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.leadrouter.distribution.Fixtures.CLOCK;
import static io.leadrouter.distribution.Fixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicyLoaderTest {
    private static final String FILE = "policy/distribution.yaml";

    private static final String VALID = """
            teams:
              - id: inside-sales
                name: Inside sales
                members:
                  - { id: alice, name: Alice, crm: { salesforce: 005000000000001AAA } }
                  - { id: bob, name: Bob, crm: { salesforce: 005000000000002AAA, hubspot: 51234567 }, active: false }
            rules:
              - id: everyone
                when: {}
                then: { push: { strategy: round-robin, team: inside-sales } }
            """;

    /** Every problem found in {@code yaml}, after checking each has the file: path: problem — fix: shape. */
    private static List<String> problems(String yaml) {
        PolicyException e = catchThrowableOfType(() -> PolicyLoader.parse(FILE, yaml), PolicyException.class);
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).matches(
                "policy/distribution\\.yaml: [^:]+: .+ — fix: .+"));
        assertThat(e.getMessage()).contains(e.problems());
        return e.problems();
    }

    @Test
    void theShippedPolicyLoads() {
        Policy policy = PolicyLoader.load(Path.of("policy/distribution.yaml"));

        assertThat(policy.teamIds()).containsExactly("inside-sales");
        Team team = policy.team("inside-sales").orElseThrow();
        assertThat(team.members()).hasSize(4).allSatisfy(rep -> {
            assertThat(rep.active()).isTrue();
            assertThat(rep.crmUserId(Crms.SALESFORCE)).hasSize(18).startsWith("005");
        });
        assertThat(policy.rules()).extracting(Rule::id).containsExactly("everyone");
        assertThat(((Assign) new Distributor(policy, CLOCK).decide(new LeadContext(lead("jo@acme.com", "US"), Fixtures.NOW, Crms.SALESFORCE),
                StateOverlay.empty()).decision()).repId()).isEqualTo(team.members().get(0).id());
    }

    @Test
    void readsTeamsRepsAndRules() {
        Policy policy = PolicyLoader.parse(FILE, VALID);

        Team team = policy.team("inside-sales").orElseThrow();
        assertThat(team.name()).isEqualTo("Inside sales");
        assertThat(team.members()).containsExactly(
                new Rep("alice", "Alice", Map.of("salesforce", "005000000000001AAA"), true),
                new Rep("bob", "Bob", Map.of("salesforce", "005000000000002AAA", "hubspot", "51234567"), false));
        assertThat(policy.rules()).containsExactly(
                new Rule("everyone", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", false, false)));
        assertThat(policy.team("nope")).isEmpty();
    }

    @Test
    void aFifteenCharacterSalesforceIdIsStoredInItsEighteenCharacterForm() {
        Policy policy = PolicyLoader.parse(FILE, VALID.replace("005000000000001AAA", "005Hs00000Ab1Cd"));

        assertThat(policy.teams().get(0).members().get(0).crmUserId(Crms.SALESFORCE)).isEqualTo("005Hs00000Ab1CdIAJ");
    }

    @Test
    void anUnknownTeamIsReportedWithTheTeamsThatExist() {
        assertThat(problems(VALID.replace("team: inside-sales", "team: sales"))).containsExactly(
                "policy/distribution.yaml: rules[0].then.push.team: unknown team 'sales' — fix: use one of [inside-sales]");
    }

    @Test
    void aMistypedKeyIsAnErrorThatSuggestsTheRightOne() {
        assertThat(problems(VALID.replace("members:", "memebers:"))).containsExactly(
                "policy/distribution.yaml: teams[0].memebers: unknown key 'memebers' — fix: did you mean 'members'?"
                        + " (remove it; the keys here are [id, name, members])",
                "policy/distribution.yaml: teams[0].members: missing: at least one member is required — fix: add the team's"
                        + " reps: - { id: alice, name: Alice, crm: { salesforce: 005... } }");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String yaml = """
                teams:
                  - id: inside-sales
                    members:
                      - { id: alice, crm: { salesforce: 00Q000000000001AAA } }
                      - { id: alice, crm: { salesforse: 005000000000002AAA } }
                  - id: inside-sales
                    members: []
                rules:
                  - id: us
                    when: { county: [US] }
                    then: { push: { strategy: round-robbin, team: inside-sales } }
                  - id: us
                    then: { push: { strategy: wieghted, team: inside-sales } }
                """;

        assertThat(problems(yaml)).containsExactly(
                FILE + ": teams[0].members[0].crm.salesforce: '00Q000000000001AAA' is not a Salesforce user id (user ids"
                        + " start with 005) — fix: copy the user's id from Salesforce (Setup > Users > the user: the id in"
                        + " the address bar), in quotes",
                FILE + ": teams[0].members[1].id: duplicate member id 'alice' (also at teams[0].members[0]) — fix: give"
                        + " each member its own id",
                FILE + ": teams[0].members[1].crm.salesforse: unknown CRM 'salesforse' — fix: did you mean 'salesforce'?"
                        + " (use one of [salesforce, hubspot])",
                FILE + ": teams[1].id: duplicate team id 'inside-sales' (also at teams[0]) — fix: give each team its own id",
                FILE + ": teams[1].members: empty: at least one member is required — fix: add the team's reps:"
                        + " - { id: alice, name: Alice, crm: { salesforce: 005... } }",
                FILE + ": rules[0].when.county: unknown lead field 'county' — fix: did you mean 'country'? (use one of"
                        + " [source, email, phone, firstName, lastName, company, title, country, message])",
                FILE + ": rules[0].then.push.strategy: unknown strategy 'round-robbin' — fix: did you mean 'round-robin'?"
                        + " (use one of [round-robin, weighted, least-loaded])",
                FILE + ": rules[1].id: duplicate rule id 'us' (also at rules[0]) — fix: give each rule its own id",
                FILE + ": rules[1].then.push.strategy: unknown strategy 'wieghted' — fix: did you mean 'weighted'? (use one of [round-robin, weighted, least-loaded])");
    }

    @Test
    void needsAtLeastOneTeamAndOneRule() {
        assertThat(problems("teams: []\nrules: []\n")).containsExactly(
                FILE + ": teams: empty: at least one team is required — fix: add a team: - { id: inside-sales, name: Inside"
                        + " sales, members: [...] }",
                FILE + ": rules: empty: at least one rule is required — fix: add a rule: - { id: everyone, when: {}, then:"
                        + " { push: { strategy: round-robin, team: <team id> } } }");
        assertThat(problems("")).containsExactly(FILE + ": (document): expected a mapping with the keys [teams, rules]"
                + " — fix: start the file with 'teams:' and 'rules:' (see the shipped policy/distribution.yaml)");
    }

    @Test
    void checksSalesforceUserIds() {
        assertThat(problems(VALID.replace("005000000000001AAA", "005000000000001"))).as("all digits: YAML reads a number")
                .singleElement().asString().contains("read as the number 343597383681, not as text: YAML reads unquoted digits as a number"
                        + " — fix: put the id in quotes");
        assertThat(problems(VALID.replace("005000000000001AAA", "005ABC"))).singleElement().asString()
                .contains("'005ABC' is not a Salesforce id (15 or 18 letters and digits)");
        assertThat(problems(VALID.replace("005000000000001AAA", "005000000000001AAB"))).singleElement().asString()
                .contains("'005000000000001AAB' has a wrong checksum (for these first 15 characters the id ends in 'AAA')");
        assertThat(problems(VALID.replace("hubspot: 51234567", "hubspot: owner-7"))).singleElement().asString()
                .contains("teams[0].members[1].crm.hubspot: 'owner-7' is not a HubSpot owner id (digits only)");
    }

    @Test
    void checksMatchers() {
        String yaml = VALID.replace("when: {}", """
                when:
                      country: [US, UK, NO]
                      email: { endsWith: [] }
                      phone: { present: sometimes }
                      company: { in: [acme], present: true }
                      title: ACME
                      source: { startsWith: [form] }
                """);

        assertThat(problems(yaml)).containsExactly(
                FILE + ": rules[0].when.country[1]: 'UK' is not an ISO-3166 alpha-2 country code, so no lead can match it"
                        + " — fix: use the two-letter code leads carry, e.g. GB for the United Kingdom, DE for Germany",
                FILE + ": rules[0].when.country[2]: read as false, not as text: unquoted yes/no/on/off/true/false are true"
                        + " or false in YAML — fix: put the value in quotes, e.g. \"NO\" for Norway",
                FILE + ": rules[0].when.email.endsWith: expected a non-empty list of values — fix: write e.g. [a, b]; to"
                        + " test for a missing value use { present: false }",
                FILE + ": rules[0].when.phone.present: 'sometimes' is not true or false — fix: write present: true (the lead"
                        + " has a phone) or present: false (it has none)",
                FILE + ": rules[0].when.company: more than one matcher [in, present] — fix: give exactly one of"
                        + " [in, present, endsWith] per field",
                FILE + ": rules[0].when.title: 'ACME' is not a matcher — fix: write a list of values, e.g. title: [a, b],"
                        + " or one of { in: [a, b] }, { present: true }, { endsWith: [\"@example.com\"] }",
                FILE + ": rules[0].when.source.startsWith: unknown key 'startsWith' — fix: remove it; the keys here are"
                        + " [in, present, endsWith]");
    }

    @Test
    void aRuleBelowACatchAllIsAnError() {
        String yaml = VALID + """
                  - id: germany
                    when: { country: [DE] }
                    then: { push: { strategy: round-robin, team: inside-sales } }
                """;

        assertThat(problems(yaml)).containsExactly(FILE + ": rules[1]: rule 'germany' is never tried: rule 'everyone'"
                + " above it matches every lead — fix: move 'germany' above 'everyone', or delete it");
    }

    @Test
    void checksIdsAndFlags() {
        assertThat(problems(VALID.replace("id: alice", "id: Alice Moreau").replace("active: false", "active: nope")))
                .containsExactly(
                        FILE + ": teams[0].members[0].id: 'Alice Moreau' is not a valid member id — fix: use 1-64"
                                + " lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. inside-sales",
                        FILE + ": teams[0].members[1].active: 'nope' is not true or false — fix: write active: true, or"
                                + " active: false to pause the rep");
        assertThat(problems(VALID.replace(", crm: { salesforce: 005000000000001AAA }", ""))).containsExactly(
                FILE + ": teams[0].members[0].crm: missing: the rep has no CRM user id — fix: add crm: { salesforce:"
                        + " <18-character user id> } and/or hubspot: <owner id>");
        assertThat(problems(VALID.replace("then: { push: { strategy: round-robin, team: inside-sales } }", "then: {}")))
                .containsExactly(FILE + ": rules[0].then: empty: the rule does not say where leads go — fix: add push:"
                        + " { strategy: round-robin, team: inside-sales }");
    }

    @Test
    void invalidYamlAndDuplicateKeysAreReportedWithTheirLine() {
        assertThat(problems("teams:\n  - id: [oops\n")).singleElement().asString()
                .startsWith(FILE + ": line 2, column 14: not valid YAML: while parsing a flow sequence; expected ',' or ']'");
        assertThat(problems(VALID.replace("    name: Inside sales\n", "    name: Inside sales\n    name: Again\n")))
                .singleElement().asString().startsWith(FILE + ": line 4, column ").contains("name");
    }

    @Test
    void aMissingFileIsReported(@TempDir Path dir) {
        Path missing = dir.resolve("distribution.yaml");

        PolicyException e = catchThrowableOfType(() -> PolicyLoader.load(missing), PolicyException.class);

        assertThat(e.problems()).containsExactly(missing + ": (file): not found — fix: create it, or point leadrouter"
                + " at the policy file's path");
    }

    @Test
    void loadsFromAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("distribution.yaml"), VALID.replace("team: inside-sales", "team: x"));

        PolicyException e = catchThrowableOfType(() -> PolicyLoader.load(file), PolicyException.class);

        assertThat(e.getMessage()).isEqualTo("the distribution policy has 1 problem:\n  " + file
                + ": rules[0].then.push.team: unknown team 'x' — fix: use one of [inside-sales]");
    }

    @Test
    void salesforceChecksumMatchesSalesforce() {
        assertThat(PolicyLoader.salesforceChecksum("005000000000001")).isEqualTo("AAA");
        assertThat(PolicyLoader.salesforceChecksum("001A0000006Vm9r")).isEqualTo("IAC");
    }
}
