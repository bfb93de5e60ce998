package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicyLoaderTest {
    private static final String FILE = "policy/distribution.yaml";

    private static final String VALID = """
            reps:
              - { id: alice, name: Alice, crm: { salesforce: 005000000000001AAA } }
              - { id: bob, name: Bob, crm: { salesforce: 005000000000002AAA, hubspot: 51234567 }, active: false }
            teams:
              - id: inside-sales
                name: Inside sales
                members: [alice, bob]
            rules:
              - id: everyone
                when: {}
                then: { push: { team: inside-sales, strategy: round-robin } }
            """;

    /** Every feature once, with the examples' expected decisions. */
    private static final String FULL = """
            fallback: { id: sales-ops, name: Sales operations, crm: { salesforce: 005000000000009AAA } }
            freeMailDomains: [Gmail.com, web.de]
            reps:
              - id: alice
                name: Alice
                crm: { salesforce: 005000000000001AAA, hubspot: "0042" }
                weight: 2
                caps: { perDay: 40, open: 25 }
                hours: { zone: Europe/Paris, days: [mon-wed, fri], from: "09:00", to: "17:30" }
                skills: [german, enterprise]
              - { id: bob, crm: { salesforce: 005000000000002AAA } }
              - { id: pia, name: Pia (Partner AG), partner: true }
            teams:
              - { id: inside-sales, name: Inside sales, members: [alice, bob], catchUp: { capped: 3 } }
              - { id: partners, members: [pia], catchUp: none }
            queues:
              - { id: pool, name: Pool, teams: [inside-sales], claimLimit: 2, claimExpiry: 1h30m, crm: { salesforce: 00G000000000001 } }
              - { id: overflow, teams: [inside-sales] }
            ladders:
              - id: inbound
                businessHours: { zone: America/New_York, days: [fri-mon], from: "22:00", to: "06:00" }
                steps:
                  - offer: { team: inside-sales, strategy: least-loaded, timeout: 10m }
                  - pool: { queue: pool, priority: -1, timeout: 30m }
                  - partner: { team: partners, acceptWindow: 4h }
                  - fallback: {}
            rules:
              - id: enterprise
                description: Big German companies.
                when:
                  country: [DE, "NO"]
                  email: { domain: [Acme.com] }
                  attributes.employees: { range: { min: 500, max: 1e4 } }
                  any: [ { title: { prefix: [VP, Head] } }, { attributes.plan: { equals: enterprise } } ]
                  not: { email: { endsWith: [".edu"] } }
                then: { ladder: inbound }
              - id: queued
                when: { source: { in: [import] }, phone: { present: false } }
                then: { pull: { queue: pool, priority: 10 } }
              - id: sticky
                when: { all: [ { company: [acme] }, { message: { present: true } } ] }
                then: { push: { team: inside-sales, strategy: weighted, sticky: true, ifNobody: fallback } }
              - id: everyone
                then: { push: { team: inside-sales, strategy: round-robin } }
            examples:
              - name: everyone
                lead: { source: form, email: jo@example.com }
                expect: { outcome: assign, rule: everyone, team: inside-sales, rep: alice }
              - name: queued
                at: 2025-03-04T12:00:00+01:00
                lead: { source: import, email: jo@example.com, attributes: { n: 0123 } }
                expect: { outcome: enqueue, rule: queued, queue: pool }
            """;

    /** Every problem found in {@code yaml}, after checking each has the file: path: problem — fix: shape. */
    private static List<String> problems(String yaml) {
        PolicyException e = catchThrowableOfType(() -> PolicyLoader.parse(FILE, yaml), PolicyException.class);
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).matches(
                "policy/distribution\\.yaml: (line \\d+, column \\d+|[^ ]+): .+ — fix: .+"));
        assertThat(e.getMessage()).contains(e.problems());
        return e.problems();
    }

    @Test
    void readsRepsTeamsAndRules() {
        Policy policy = PolicyLoader.parse(FILE, VALID);

        assertThat(policy.reps()).containsExactly(
                new Rep("alice", "Alice", Map.of("salesforce", "005000000000001AAA"), true),
                new Rep("bob", "Bob", Map.of("salesforce", "005000000000002AAA", "hubspot", "51234567"), false));
        Team team = policy.team("inside-sales").orElseThrow();
        assertThat(team).isEqualTo(new Team("inside-sales", "Inside sales", policy.reps(), CatchUp.NONE));
        assertThat(policy.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("everyone");
            assertThat(rule.description()).isEmpty();
            assertThat(rule.matchesEverything()).isTrue();
            assertThat(rule.then()).isEqualTo(new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", false, false));
        });
        assertThat(policy.queues()).isEmpty();
        assertThat(policy.ladders()).isEmpty();
        assertThat(policy.fallback()).isEmpty();
        assertThat(policy.freeMailDomains()).contains("gmail.com", "web.de");
        assertThat(policy.examples()).isEmpty();
    }

    @Test
    void readsEveryFeature() {
        Policy policy = PolicyLoader.parse(FILE, FULL);

        WorkingHours paris = new WorkingHours(ZoneId.of("Europe/Paris"),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(17, 30));
        Rep alice = new Rep("alice", "Alice", Map.of("salesforce", "005000000000001AAA", "hubspot", "0042"), 2,
                new Caps(40, 25), paris, Set.of("german", "enterprise"), true, false);
        Rep bob = new Rep("bob", "bob", Map.of("salesforce", "005000000000002AAA"), 1, Caps.NONE, null, Set.of(), true, false);
        Rep pia = new Rep("pia", "Pia (Partner AG)", Map.of(), 1, Caps.NONE, null, Set.of(), true, true);
        assertThat(policy.reps()).containsExactly(alice, bob, pia);
        assertThat(policy.fallback()).contains(new Rep("sales-ops", "Sales operations",
                Map.of("salesforce", "005000000000009AAA"), true));
        assertThat(policy.freeMailDomains()).containsExactlyInAnyOrder("gmail.com", "web.de");
        assertThat(policy.teams()).containsExactly(
                new Team("inside-sales", "Inside sales", List.of(alice, bob), new CatchUp(3)),
                new Team("partners", "partners", List.of(pia), CatchUp.NONE));
        assertThat(policy.queues()).containsExactly(
                new Queue("pool", "Pool", List.of("inside-sales"), 2, Duration.ofMinutes(90),
                        Map.of("salesforce", "00G000000000001EAA")),
                new Queue("overflow", "overflow", List.of("inside-sales"), 3, Duration.ofMinutes(30), Map.of()));
        assertThat(policy.ladders()).containsExactly(new Ladder("inbound",
                new WorkingHours(ZoneId.of("America/New_York"),
                        EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                        LocalTime.of(22, 0), LocalTime.of(6, 0)),
                List.of(new Ladder.Offer("inside-sales", Strategy.LEAST_LOADED, Duration.ofMinutes(10)),
                        new Ladder.Pool("pool", -1, Duration.ofMinutes(30)),
                        new Ladder.Partner("partners", Duration.ofHours(4)),
                        new Ladder.Fallback())));
        assertThat(policy.rules()).extracting(Rule::id).containsExactly("enterprise", "queued", "sticky", "everyone");
        assertThat(policy.rules()).extracting(Rule::then).containsExactly(
                new Action.UseLadder("inbound"),
                new Action.Pull("pool", 10),
                new Action.Push(Strategy.WEIGHTED, "inside-sales", true, true),
                new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", false, false));
        assertThat(policy.rules()).extracting(r -> r.when().describe()).containsExactly(
                "country in [DE, NO] and email at domain acme.com and attributes.employees from 500 to below 10000"
                        + " and (title starts with one of [VP, Head] or attributes.plan in [enterprise])"
                        + " and not (email ends with one of [.edu])",
                "source in [import] and phone absent",
                "company in [acme] and message present",
                "every lead");
        assertThat(policy.rule("enterprise").orElseThrow().description()).isEqualTo("Big German companies.");
        assertThat(policy.examples()).containsExactly(
                new PolicyExample("everyone", new Lead("form", "jo@example.com", null, null, null, null, null, null, null,
                        Map.of()), PolicyLoader.DEFAULT_EXAMPLE_AT, "assign", "everyone", "inside-sales", "alice", null),
                new PolicyExample("queued", new Lead("import", "jo@example.com", null, null, null, null, null, null, null,
                        Map.of("n", "0123")), Instant.parse("2025-03-04T11:00:00Z"), "enqueue", "queued", null, null,
                        "pool"));
    }

    @Test
    void theDefaultExampleTimeIsAMondayMorning() {
        assertThat(PolicyLoader.DEFAULT_EXAMPLE_AT.atZone(java.time.ZoneOffset.UTC).getDayOfWeek())
                .isEqualTo(DayOfWeek.MONDAY);
    }

    @Test
    void aFifteenCharacterSalesforceIdIsStoredInItsEighteenCharacterForm() {
        Policy policy = PolicyLoader.parse(FILE, VALID.replace("005000000000001AAA", "005Hs00000Ab1Cd"));

        assertThat(policy.rep("alice").orElseThrow().crmUserId(Crms.SALESFORCE)).isEqualTo("005Hs00000Ab1CdIAJ");
    }

    @Test
    void anUnknownTeamIsReportedWithTheClosestTeam() {
        assertThat(problems(VALID.replace("team: inside-sales", "team: inside-sale"))).containsExactly(
                FILE + ": rules[0].then.push.team: unknown team 'inside-sale' — fix: did you mean 'inside-sales'? (use one"
                        + " of [inside-sales])");
        assertThat(problems(VALID.replace("team: inside-sales", "team: emea"))).containsExactly(
                FILE + ": rules[0].then.push.team: unknown team 'emea' — fix: use one of [inside-sales]");
    }

    @Test
    void aMistypedKeyIsAnErrorThatSuggestsTheRightOne() {
        assertThat(problems(VALID.replace("members:", "memebers:"))).containsExactly(
                FILE + ": teams[0].memebers: unknown key 'memebers' — fix: did you mean 'members'? (remove it; the keys"
                        + " here are [id, name, members, catchUp, manager])",
                FILE + ": teams[0].members: missing: the ids of the team's reps (from 'reps'), in rotation order — fix:"
                        + " add members: [alice, bob]");
        assertThat(problems(VALID.replace("    when: {}\n", "    when: {}\n    descripton: x\n"))).containsExactly(
                FILE + ": rules[0].descripton: unknown key 'descripton' — fix: did you mean 'description'? (remove it;"
                        + " the keys here are [id, description, when, then])");
        assertThat(problems("reps: []\nteems: []\nrules: []\n")).contains(
                FILE + ": teems: unknown key 'teems' — fix: did you mean 'teams'? (remove it; the keys here are"
                        + " [fallback, freeMailDomains, reps, teams, queues, ladders, rules, examples])");
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        String yaml = """
                reps:
                  - { id: alice, crm: { salesforce: 00Q000000000001AAA } }
                  - { id: alice, crm: { salesforse: 005000000000002AAA } }
                teams:
                  - id: inside-sales
                    members: [alice, alise]
                  - id: inside-sales
                    members: []
                rules:
                  - id: us
                    when: { county: [US] }
                    then: { push: { team: inside-sales, strategy: round-robbin } }
                  - id: us
                    then: { push: { team: inside-sales, strategy: weighted, ifNobody: later } }
                """;

        assertThat(problems(yaml)).containsExactly(
                FILE + ": reps[0].crm.salesforce: '00Q000000000001AAA' is not a Salesforce user id (user ids start with"
                        + " 005) — fix: copy the user's id from Salesforce (Setup > Users > the user: the id in the address"
                        + " bar), in quotes",
                FILE + ": reps[1].id: duplicate rep id 'alice' (also at reps[0]) — fix: give each rep its own id",
                FILE + ": reps[1].crm.salesforse: unknown CRM 'salesforse' — fix: did you mean 'salesforce'? (use one of"
                        + " [salesforce, hubspot])",
                FILE + ": teams[0].members[1]: unknown rep 'alise' — fix: did you mean 'alice'? (use one of [alice])",
                FILE + ": teams[1].id: duplicate team id 'inside-sales' (also at teams[0]) — fix: give each team its own id",
                FILE + ": teams[1].members: empty: at least one rep is required — fix: add one, e.g. members: [alice, bob]",
                FILE + ": rules[0].when.county: unknown lead field 'county' — fix: did you mean 'country'? (use one of"
                        + " [source, email, phone, firstName, lastName, company, title, country, region, city, postalCode, message],"
                        + " attributes.<name>, or all, any, not)",
                FILE + ": rules[0].then.push.strategy: unknown strategy 'round-robbin' — fix: did you mean 'round-robin'?"
                        + " (use one of [round-robin, weighted, least-loaded])",
                FILE + ": rules[1].id: duplicate rule id 'us' (also at rules[0]) — fix: give each rule its own id",
                FILE + ": rules[1].then.push.ifNobody: unknown ifNobody 'later' — fix: use one of [hold, fallback]");
    }

    @Test
    void needsRepsTeamsAndRules() {
        assertThat(problems("reps: []\nteams: []\nrules: []\n")).containsExactly(
                FILE + ": reps: empty: at least one rep is required — fix: add one, e.g. reps: [{ id: alice, name: Alice"
                        + " Moreau, crm: { salesforce: 005Hs00000Ab1CdIAJ } }]",
                FILE + ": teams: empty: at least one team is required — fix: add one, e.g. teams: [{ id: inside-sales,"
                        + " name: Inside sales, members: [alice, bob] }]",
                FILE + ": rules: empty: at least one rule is required — fix: add one, e.g. rules: [{ id: everyone, then:"
                        + " { push: { team: inside-sales, strategy: round-robin } } }]");
        assertThat(problems("examples: []\n")).containsExactly(
                FILE + ": reps: missing: everyone who can own leads, each defined once; teams list them by id — fix: add"
                        + " reps: [{ id: alice, name: Alice Moreau, crm: { salesforce: 005Hs00000Ab1CdIAJ } }]",
                FILE + ": teams: missing: teams of reps; a rule or ladder step sends a lead to a team; a strategy then"
                        + " picks one member — fix: add teams: [{ id: inside-sales, name: Inside sales, members: [alice,"
                        + " bob] }]",
                FILE + ": rules: missing: rules tried from top to bottom; the first whose 'when' holds decides with its"
                        + " 'then'; put specific rules first and the catch-all last — fix: add rules: [{ id: everyone,"
                        + " then: { push: { team: inside-sales, strategy: round-robin } } }]");
        String notAMapping = FILE + ": (document): expected a mapping with the keys [fallback, freeMailDomains, reps,"
                + " teams, queues, ladders, rules, examples] — fix: start the file with 'reps:', 'teams:' and 'rules:'"
                + " (see the shipped policy/distribution.yaml)";
        assertThat(problems("")).containsExactly(notAMapping);
        assertThat(problems("# only a comment\n")).containsExactly(notAMapping);
        assertThat(problems("- reps\n- teams\n")).containsExactly(notAMapping);
    }

    @Test
    void checksSalesforceAndHubSpotIds() {
        assertThat(problems(VALID.replace("005000000000001AAA", "005000000000001"))).as("digits with a leading 0: octal")
                .containsExactly(FILE + ": reps[0].crm.salesforce: read as the number 343597383681, not as text: YAML"
                        + " reads unquoted digits as a number, and a leading 0 as octal — fix: put it in quotes:"
                        + " salesforce: \"005000000000001\"");
        assertThat(problems(VALID.replace("005000000000001AAA", "500000000000001"))).containsExactly(
                FILE + ": reps[0].crm.salesforce: read as the number 500000000000001, not as text: YAML reads unquoted"
                        + " digits as a number — fix: put it in quotes: salesforce: \"500000000000001\"");
        assertThat(problems(VALID.replace("005000000000001AAA", "005ABC"))).containsExactly(
                FILE + ": reps[0].crm.salesforce: '005ABC' is not a Salesforce id (15 or 18 letters and digits) — fix:"
                        + " copy the user's id from Salesforce (Setup > Users > the user: the id in the address bar), in"
                        + " quotes");
        assertThat(problems(VALID.replace("005000000000001AAA", "00Q000000000001AAA"))).singleElement().asString()
                .contains("'00Q000000000001AAA' is not a Salesforce user id (user ids start with 005)");
        assertThat(problems(VALID.replace("005000000000001AAA", "005000000000001AAB"))).containsExactly(
                FILE + ": reps[0].crm.salesforce: '005000000000001AAB' has a wrong checksum (for these first 15"
                        + " characters the id ends in 'AAA'); it was probably mistyped — fix: copy the user's id from"
                        + " Salesforce (Setup > Users > the user: the id in the address bar), in quotes");
        assertThat(problems(VALID.replace("hubspot: 51234567", "hubspot: owner-7"))).containsExactly(
                FILE + ": reps[1].crm.hubspot: 'owner-7' is not a HubSpot owner id (digits only) — fix: use the owner's"
                        + " numeric id from HubSpot (Settings > Users & Teams, or the owners API)");
        assertThat(problems(VALID.replace("hubspot: 51234567", "hubspot: 0123"))).containsExactly(
                FILE + ": reps[1].crm.hubspot: YAML read 0123 as the number 83 (a leading 0 means octal), not as the id"
                        + " you wrote — fix: put it in quotes: hubspot: \"0123\"");
        assertThat(PolicyLoader.parse(FILE, VALID.replace("hubspot: 51234567", "hubspot: \"0123\""))
                .rep("bob").orElseThrow().crmUserId(Crms.HUBSPOT)).isEqualTo("0123");
    }

    @Test
    void checksSalesforceQueueIds() {
        String queue = VALID + "queues:\n  - { id: pool, teams: [inside-sales], crm: { salesforce: %s } }\n";

        assertThat(problems(queue.formatted("005000000000001AAA"))).containsExactly(
                FILE + ": queues[0].crm.salesforce: '005000000000001AAA' is not a Salesforce queue id (queue ids start"
                        + " with 00G) — fix: copy the queue's id from Salesforce (Setup > Queues > the queue: the id in the"
                        + " address bar), in quotes");
        assertThat(problems(queue.formatted("00G000000000001AAA"))).singleElement().asString()
                .contains("'00G000000000001AAA' has a wrong checksum (for these first 15 characters the id ends in 'EAA')");
        assertThat(problems(queue.formatted("00G-1"))).singleElement().asString()
                .contains("'00G-1' is not a Salesforce id (15 or 18 letters and digits)");
        assertThat(problems(queue.formatted("{ salesforce: 00G000000000001EAA }").replace("crm: { salesforce: {", "crm: { hubspot: {")))
                .singleElement().asString().contains("queues[0].crm.hubspot: expected text or a whole number, found a mapping");
        assertThat(PolicyLoader.parse(FILE, queue.formatted("00G000000000001EAA").replace("teams: [inside-sales], crm: {",
                "teams: [inside-sales], crm: { hubspot: \"4001\",")).queue("pool").orElseThrow().crmOwnerIds())
                .as("a HubSpot task queue represents the queue there").containsEntry("hubspot", "4001");
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
                      message: {}
                      lastName: { domain: ["@acme.com"] }
                      attributes.size: { range: { min: 500, max: 100 } }
                      attributes.plan: { equals: yes }
                      any: []
                      not: { countri: [DE] }
                """);

        assertThat(problems(yaml)).containsExactly(
                FILE + ": rules[0].when.country[1]: 'UK' is not an ISO-3166 alpha-2 country code, so no lead can match it"
                        + " — fix: write GB (leads carry two-letter codes)",
                FILE + ": rules[0].when.country[2]: read as false, not as text: unquoted yes/no/on/off/true/false are true"
                        + " or false in YAML — fix: put the value in quotes, e.g. \"NO\" for Norway",
                FILE + ": rules[0].when.email.endsWith: empty: at least one value is required — fix: add one, e.g."
                        + " endsWith: [\".edu\"]",
                FILE + ": rules[0].when.phone.present: 'sometimes' is not true or false — fix: write present: true or"
                        + " present: false",
                FILE + ": rules[0].when.company: more than one matcher [in, present] — fix: give exactly one of [in,"
                        + " equals, prefix, endsWith, domain, range, present] per field; to combine, use all: [ { company:"
                        + " ... }, { company: ... } ]",
                FILE + ": rules[0].when.title: expected a list or a mapping, found text 'ACME' — fix: write title: [a, b],"
                        + " or title: { in: [a, b] }, or title: { present: true }",
                FILE + ": rules[0].when.source.startsWith: unknown matcher 'startsWith' — fix: use one of [in, equals,"
                        + " prefix, endsWith, domain, range, present]",
                FILE + ": rules[0].when.message: empty: expected one of [in, equals, prefix, endsWith, domain, range,"
                        + " present] — fix: write message: [a, b], or message: { in: [a, b] }, or message: { present:"
                        + " true }",
                FILE + ": rules[0].when.lastName.domain[0]: '@acme.com' is not an email domain — fix: write the domain"
                        + " without '@', e.g. acme.com",
                FILE + ": rules[0].when.attributes.size.range: min 500 is not below max 100, so no value can match — fix:"
                        + " make min smaller than max (min is included, max is not)",
                FILE + ": rules[0].when.attributes.plan.equals: read as true, not as text: unquoted yes/no/on/off/true/false"
                        + " are true or false in YAML — fix: put the value in quotes: \"yes\"",
                FILE + ": rules[0].when.any: empty: at least one condition is required — fix: add one, e.g. any:"
                        + " [{ country: [DE] }, { country: [AT] }]",
                FILE + ": rules[0].when.not.countri: unknown lead field 'countri' — fix: did you mean 'country'? (use one"
                        + " of [source, email, phone, firstName, lastName, company, title, country, region, city, postalCode, message],"
                        + " attributes.<name>, or all, any, not)");
    }

    @Test
    void aCountryNameIsReportedWithItsCode() {
        assertThat(problems(VALID.replace("when: {}", "when: { country: { equals: Germany } }"))).containsExactly(
                FILE + ": rules[0].when.country.equals: 'Germany' is not an ISO-3166 alpha-2 country code, so no lead can"
                        + " match it — fix: write DE (leads carry two-letter codes)");
        assertThat(problems(VALID.replace("when: {}", "when: { country: [Atlantis] }"))).containsExactly(
                FILE + ": rules[0].when.country[0]: 'Atlantis' is not an ISO-3166 alpha-2 country code, so no lead can"
                        + " match it — fix: use the two-letter code leads carry, e.g. GB for the United Kingdom, DE for"
                        + " Germany");
        assertThat(PolicyLoader.parse(FILE, VALID.replace("when: {}", "when: { country: [de, \"NO\"] }")).rules().get(0)
                .when().describe()).isEqualTo("country in [de, NO]");
    }

    @Test
    void aRuleBelowACatchAllIsAnError() {
        String yaml = VALID + """
                  - id: germany
                    when: { country: [DE] }
                    then: { push: { team: inside-sales, strategy: round-robin } }
                  - id: austria
                    when: { country: [AT] }
                    then: { pull: { queue: nowhere } }
                """;

        assertThat(problems(yaml)).containsExactly(
                FILE + ": rules[1]: rule 'germany' is never tried: rule 'everyone' above it matches every lead — fix:"
                        + " move 'germany' above 'everyone', or delete it",
                FILE + ": rules[2]: rule 'austria' is never tried: rule 'everyone' above it matches every lead — fix:"
                        + " move 'austria' above 'everyone', or delete it",
                FILE + ": rules[2].then.pull.queue: unknown queue 'nowhere' — fix: define it under 'queues:' first");
        assertThat(problems(VALID.replace("    when: {}\n", "") + """
                  - { id: germany, when: { country: [DE] }, then: { push: { team: inside-sales, strategy: round-robin } } }
                """)).as("no 'when' at all is a catch-all too").singleElement().asString()
                .contains("rule 'germany' is never tried: rule 'everyone' above it matches every lead");
    }

    @Test
    void checksIdsFlagsAndActions() {
        assertThat(problems(VALID.replace("id: alice,", "id: Alice Moreau,").replace("active: false", "active: nope")))
                .containsExactly(
                        FILE + ": reps[0].id: 'Alice Moreau' is not a valid rep id — fix: use 1-64 lower-case letters,"
                                + " digits, '.', '_' or '-', starting with a letter or digit, e.g. alice-moreau",
                        FILE + ": reps[1].active: 'nope' is not true or false — fix: write active: true or active: false",
                        FILE + ": teams[0].members[0]: unknown rep 'alice' — fix: use one of [bob]");
        assertThat(problems(VALID.replace(", crm: { salesforce: 005000000000001AAA }", ""))).containsExactly(
                FILE + ": reps[0].crm: missing: the rep's user id in each CRM (salesforce, hubspot); required except for"
                        + " partners — fix: add crm: { salesforce: 005Hs00000Ab1CdIAJ, hubspot: \"51234567\" }");
        assertThat(problems(VALID.replace("then: { push: { team: inside-sales, strategy: round-robin } }", "then: {}")))
                .containsExactly(FILE + ": rules[0].then: empty: the rule does not say where leads go — fix: add push:"
                        + " { team: inside-sales, strategy: round-robin }, or pull: { queue: <queue id> }, or ladder:"
                        + " <ladder id>");
        assertThat(problems(VALID.replace("then: { push: { team: inside-sales, strategy: round-robin } }",
                "then: { push: { team: inside-sales, strategy: round-robin }, ladder: inbound }"))).containsExactly(
                FILE + ": rules[0].then: more than one action [push, ladder] — fix: give exactly one of [push, pull,"
                        + " ladder]");
        assertThat(problems(VALID.replace("    then: { push: { team: inside-sales, strategy: round-robin } }\n", "")))
                .containsExactly(FILE + ": rules[0].then: missing: where a matching lead goes: exactly one of push, pull"
                        + " or ladder — fix: add then: { push: { team: inside-sales, strategy: round-robin } }");
        assertThat(problems(VALID.replace("strategy: round-robin", "strategy: random"))).containsExactly(
                FILE + ": rules[0].then.push.strategy: unknown strategy 'random' — fix: use one of [round-robin, weighted,"
                        + " least-loaded]");
        assertThat(problems(VALID.replace(", strategy: round-robin", ""))).containsExactly(
                FILE + ": rules[0].then.push.strategy: missing: how one rep of the team is picked: round-robin (equal"
                        + " shares), weighted (shares by each rep's weight) or least-loaded (fewest open leads) — fix: add"
                        + " strategy: round-robin");
        assertThat(problems(VALID.replace("{ id: bob, name: Bob,", "{ id: bob, name: Bob, weight: 101,")))
                .containsExactly(FILE + ": reps[1].weight: 101 is above the maximum 100 — fix: write a whole number from 1"
                        + " to 100");
        assertThat(problems(VALID.replace("{ id: bob, name: Bob,", "{ id: bob, name: Bob, caps: { perDay: many },")))
                .containsExactly(FILE + ": reps[1].caps.perDay: expected a whole number, found text 'many' — fix: write"
                        + " perDay: 40");
        assertThat(problems(VALID.replace("members: [alice, bob]", "members: [alice, bob, alice]"))).containsExactly(
                FILE + ": teams[0].members: lists 'alice' more than once — fix: list each rep once");
        assertThat(problems(VALID.replace("name: Inside sales", "name: Inside sales\n    catchUp: all"))).containsExactly(
                FILE + ": teams[0].catchUp: 'all' is not a valid catchUp — fix: write catchUp: none, or catchUp:"
                        + " { capped: 3 }");
        assertThat(problems(VALID.replace("members: [alice, bob]", "members:"))).containsExactly(
                FILE + ": teams[0].members: empty: expected a list — fix: write members: [alice, bob]");
    }

    @Test
    void checksWorkingHours() {
        String hours = VALID.replace("{ id: bob, name: Bob,", "{ id: bob, name: Bob, hours: %s,");

        assertThat(problems(hours.formatted("{ zone: Europe/Pari, days: [monday, tue-fry], from: \"9:00\", to: 17:30 }")))
                .containsExactly(
                        FILE + ": reps[1].hours.zone: unknown time zone 'Europe/Pari' — fix: did you mean 'Europe/Paris'?"
                                + " (use an IANA zone such as Europe/Paris or America/New_York)",
                        FILE + ": reps[1].hours.days[0]: unknown day 'monday' — fix: did you mean 'mon'? (use mon, tue,"
                                + " wed, thu, fri, sat, sun, or a range like mon-fri)",
                        FILE + ": reps[1].hours.days[1]: unknown day 'tue-fry' — fix: did you mean 'tue-fri'? (use mon,"
                                + " tue, wed, thu, fri, sat, sun, or a range like mon-fri)",
                        FILE + ": reps[1].hours.from: '9:00' is not a time of day (HH:MM) — fix: did you mean \"09:00\"?"
                                + " (write HH:MM in quotes)");
        assertThat(problems(hours.formatted("{ zone: new york, days: [mon], from: \"09:00\", to: \"09:00\" }")))
                .containsExactly(
                        FILE + ": reps[1].hours.zone: unknown time zone 'new york' — fix: did you mean 'America/New_York'?"
                                + " (use an IANA zone such as Europe/Paris or America/New_York)",
                        FILE + ": reps[1].hours.to: the window is empty: from and to are both 09:00 — fix: make to later"
                                + " than from (or earlier, for a window past midnight)");
        assertThat(problems(hours.formatted("{ zone: UTC, days: [mon] }"))).containsExactly(
                FILE + ": reps[1].hours.from: missing: when the window opens, HH:MM in quotes — fix: add from: \"09:00\"",
                FILE + ": reps[1].hours.to: missing: when the window closes, HH:MM in quotes — fix: add to: \"17:30\"");
        assertThat(PolicyLoader.parse(FILE, hours.formatted("{ zone: UTC, days: [sat-mon, wed], from: \"22:00\", to: \"06:00\" }"))
                .rep("bob").orElseThrow().hours().days())
                .containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY);
    }

    /** {@code base} with its rule walking ladder 'inbound' of these steps. */
    private static String ladder(String base, String... steps) {
        return base.replace("then: { push: { team: inside-sales, strategy: round-robin } }", "then: { ladder: inbound }")
                + "ladders:\n  - id: inbound\n    steps:\n" + String.join("\n", steps).indent(6);
    }

    @Test
    void checksLadders() {
        String partners = VALID.replace("reps:\n", "reps:\n  - { id: pia, partner: true }\n")
                .replace("teams:\n", "teams:\n  - { id: partners, members: [pia] }\n");

        assertThat(problems(ladder(VALID, "- fallback: {}", "- offer: { team: inside-sales, strategy: round-robin }"))).containsExactly(
                FILE + ": ladders[0].steps[0].fallback: the policy has no fallback owner — fix: add fallback: { id:"
                        + " sales-ops, name: Sales operations, crm: { salesforce: <user id> } } at the top level, or remove"
                        + " this step",
                FILE + ": ladders[0].steps[0].fallback: a fallback step must be the last: the steps after it are never"
                        + " reached — fix: move it to the end of the steps, or remove the steps after it");
        assertThat(problems(ladder(VALID, "- offer: { team: inside-sales, strategy: round-robin }",
                "- pool: { queue: pool, timeout: 30m }"))).containsExactly(
                FILE + ": ladders[0].steps[1]: 'pool' has a timeout but comes after ladders[0].steps[0] (offer), which has"
                        + " none: the lead never moves on from there by time, so this step is unreachable — fix: give"
                        + " ladders[0].steps[0] (offer) a timeout, or remove this step",
                FILE + ": ladders[0].steps[1].pool.queue: unknown queue 'pool' — fix: define it under 'queues:' first");
        assertThat(problems(ladder(partners, "- partner: { team: inside-sales, acceptWindow: 4h }")
                + "  - id: second\n    steps: [ { offer: { team: partners, strategy: round-robin, timeout: 1h } } ]\n"))
                .containsExactly(
                        FILE + ": ladders[0].steps[0].partner.team: team 'inside-sales' is not a partner team (not all its"
                                + " members have partner: true) — fix: name a team of partners' users here, or offer to"
                                + " this team with an offer step",
                        FILE + ": ladders[1].steps[0].offer.team: team 'partners' is a partner team: partners are offered"
                                + " leads by a ladder's partner step, never assigned — fix: name a team of reps here, or"
                                + " use a partner step");
        assertThat(problems(ladder(VALID, "- offer: { team: inside-sales, strategy: round-robin, timeout: 0m, extra: 1 }",
                "- pool: { queue: pool, timeout: soon }", "- {}", "- { offer: { team: inside-sales, strategy: weighted },"
                        + " fallback: {} }", "- wait"))).containsExactly(
                FILE + ": ladders[0].steps[0].offer.timeout: '0m' is no time at all — fix: write a duration above zero,"
                        + " e.g. 10m",
                FILE + ": ladders[0].steps[0].offer.extra: unknown key 'extra' — fix: remove it; the keys here are [team,"
                        + " strategy, timeout]",
                FILE + ": ladders[0].steps[1].pool.queue: unknown queue 'pool' — fix: define it under 'queues:' first",
                FILE + ": ladders[0].steps[1].pool.timeout: 'soon' is not a duration — fix: write e.g. 90s, 10m, 4h, 2d"
                        + " or 1h30m",
                FILE + ": ladders[0].steps[2]: empty: expected one of [offer, pool, partner, fallback] — fix: write"
                        + " - { offer: { team: inside-sales, strategy: round-robin, timeout: 10m } }, or - { fallback: {} }",
                FILE + ": ladders[0].steps[3]: more than one step kind [offer, fallback] — fix: give exactly one of"
                        + " [offer, pool, partner, fallback] per step: make each its own step",
                FILE + ": ladders[0].steps[4]: expected a mapping, found text 'wait' — fix: write - { offer: { team:"
                        + " inside-sales, strategy: round-robin, timeout: 10m } }, or - { fallback: {} }");
        assertThat(problems(VALID.replace("then: { push: { team: inside-sales, strategy: round-robin } }",
                "then: { ladder: inbund }") + "ladders: [ { id: inbound, steps: [ { fallback: {} } ] } ]\n")).containsExactly(
                FILE + ": rules[0].then.ladder: unknown ladder 'inbund' — fix: did you mean 'inbound'? (use one of"
                        + " [inbound])",
                FILE + ": ladders[0].steps[0].fallback: the policy has no fallback owner — fix: add fallback: { id:"
                        + " sales-ops, name: Sales operations, crm: { salesforce: <user id> } } at the top level, or remove"
                        + " this step");
    }

    @Test
    void checksPushesAndTeams() {
        String withPartner = VALID.replace("reps:\n", "reps:\n  - { id: pia, partner: true }\n");

        assertThat(problems(VALID.replace("strategy: round-robin }", "strategy: round-robin, ifNobody: fallback }")))
                .containsExactly(FILE + ": rules[0].then.push.ifNobody: asks for the fallback owner, but the policy has"
                        + " none — fix: add fallback: { id: sales-ops, name: Sales operations, crm: { salesforce: <user"
                        + " id> } } at the top level, or write ifNobody: hold");
        assertThat(problems(withPartner.replace("members: [alice, bob]", "members: [alice, pia]"))).containsExactly(
                FILE + ": teams[0].members: mixes partners [pia] with reps [alice] — fix: put partners' users in a team of"
                        + " their own, reached by a ladder's partner step");
        assertThat(problems(withPartner.replace("members: [alice, bob]", "members: [pia]"))).containsExactly(
                FILE + ": rules[0].then.push.team: team 'inside-sales' is a partner team: partners are offered leads by a"
                        + " ladder's partner step, never assigned — fix: name a team of reps here, or use a partner step");
        assertThat(problems("fallback: { id: alice, crm: { salesforce: 005000000000009AAA } }\n" + VALID)).containsExactly(
                FILE + ": fallback.id: 'alice' is also the id of a rep (reps[0]) — fix: give the fallback owner an id of"
                        + " its own, e.g. sales-ops");
        assertThat(problems(VALID + "queues: [ { id: pool, teams: [insides-sales], claimLimit: 0, claimExpiry: 10 } ]\n"))
                .containsExactly(
                        FILE + ": queues[0].teams[0]: unknown team 'insides-sales' — fix: did you mean 'inside-sales'? (use"
                                + " one of [inside-sales])",
                        FILE + ": queues[0].claimLimit: 0 is below the minimum 1 — fix: write a whole number from 1 to 1000",
                        FILE + ": queues[0].claimExpiry: expected text, found a number 10 — fix: write claimExpiry: 30m");
        assertThat(problems(VALID.replace("members: [alice, bob]", "members: [alice, 007]"))).containsExactly(
                FILE + ": teams[0].members[1]: read as the number 7, not as text: YAML reads unquoted digits as a number,"
                        + " and a leading 0 as octal — fix: put it in quotes: \"007\"");
    }

    private static final String EXAMPLE = VALID + """
            examples:
              - name: a lead goes to alice
                lead: { source: form-website, email: jo@example.com }
                expect: %s
            """;

    @Test
    void failingExamplesStopTheLoadWithTheirTrace() {
        assertThat(PolicyLoader.parse(FILE, EXAMPLE.formatted("{ outcome: assign, rule: everyone, rep: alice }"))
                .examples()).hasSize(1);

        assertThat(problems(EXAMPLE.formatted("{ outcome: assign, team: inside-sales, rep: bob }"))).containsExactly(
                FILE + ": examples[0]: example 'a lead goes to alice' fails: expected outcome 'assign', team"
                        + " 'inside-sales', rep 'bob'; got outcome 'assign', team 'inside-sales', rep 'alice' (trace: rule"
                        + " 'everyone' matched; round robin in team 'inside-sales' gave the first turn to alice (bob"
                        + " skipped: inactive)) — fix: correct the policy (the trace says which rule and reps decided), or"
                        + " the example's expect");
    }

    @Test
    void checksExamples() {
        String yaml = VALID + """
                examples:
                  - name: one
                    at: monday
                    lead: { source: form, email: Jo@Example.com }
                    expect: { outcome: asign, rule: evryone, team: sales, rep: carol, queue: pool }
                  - name: one
                    lead: { email: jo@example.com, attributes: { n: [1] } }
                    expect: {}
                  - name: two
                    lead: { source: form }
                    expect: { outcome: hold }
                  - lead: { source: form, phone: "+4930901820", country: Germany }
                """;

        assertThat(problems(yaml)).containsExactly(
                FILE + ": examples[0].at: 'monday' is not a date and time with its offset — fix: write e.g."
                        + " 2025-03-03T10:00:00Z (UTC) or 2025-03-03T11:00:00+01:00",
                FILE + ": examples[0].lead.email: not a valid, lower-case address — fix: write the lead as"
                        + " a mapping makes it: email lower-case, phone in E.164 form like \"+4930901820\", country a"
                        + " two-letter code like DE, and an email or a phone",
                FILE + ": examples[0].expect.outcome: unknown outcome 'asign' — fix: did you mean 'assign'? (use one of"
                        + " [assign, enqueue, offer, hold])",
                FILE + ": examples[0].expect.rule: unknown rule 'evryone' — fix: did you mean 'everyone'? (use one of"
                        + " [everyone])",
                FILE + ": examples[0].expect.team: unknown team 'sales' — fix: use one of [inside-sales]",
                FILE + ": examples[0].expect.rep: unknown rep 'carol' — fix: use one of [alice, bob]",
                FILE + ": examples[0].expect.queue: unknown queue 'pool' — fix: define it under 'queues:' first",
                FILE + ": examples[1].name: another example has this name (examples[0]) — fix: give each example its own"
                        + " name",
                FILE + ": examples[1].lead.attributes.n: expected text or a number, found a list — fix: write n: <the"
                        + " attribute's value>",
                FILE + ": examples[1].lead.source: missing: the source id — fix: add source: form-website",
                FILE + ": examples[1].expect.outcome: missing: assign (a rep owns it now), enqueue (it waits in a pull"
                        + " queue), offer (a ladder offers it) or hold (nobody can take it yet) — fix: add outcome: assign",
                FILE + ": examples[2].lead.email: a lead needs an email address or a phone number — fix: write the lead as"
                        + " a mapping makes it: email lower-case, phone in E.164 form like \"+4930901820\", country a"
                        + " two-letter code like DE, and an email or a phone",
                FILE + ": examples[3].lead.country: not an ISO-3166 alpha-2 code: Germany — fix: write the lead as a"
                        + " mapping makes it: email lower-case, phone in E.164 form like \"+4930901820\", country a"
                        + " two-letter code like DE, and an email or a phone",
                FILE + ": examples[3].name: missing: what the example shows, in words; unique — fix: add name: A website"
                        + " lead goes to inside sales",
                FILE + ": examples[3].expect: missing: the decision the lead must get: the outcome, and optionally the"
                        + " rule, team, rep and queue — fix: add expect: { outcome: assign, team: inside-sales }");
    }

    @Test
    void invalidYamlAndDuplicateKeysAreReportedWithTheirLine() {
        assertThat(problems("reps:\n  - id: [oops\n")).containsExactly(FILE + ": line 2, column 14: not valid YAML:"
                + " while parsing a flow sequence; expected ',' or ']', but got <stream end> — fix: correct the YAML there"
                + " (indentation, quoting, a key given twice)");
        assertThat(problems(VALID.replace("    name: Inside sales\n", "    name: Inside sales\n    name: Again\n")))
                .containsExactly(FILE + ": line 7, column 9: not valid YAML: Duplicate field 'name' — fix: correct the"
                        + " YAML there (indentation, quoting, a key given twice)");
        assertThat(problems(VALID + "---\nrules: []\n")).containsExactly(FILE + ": line 13, column 1: a second YAML"
                + " document — fix: keep the whole policy in one document (remove the '---')");
    }

    @Test
    void anchorsAndAliasesAreRejected() {
        String yaml = VALID.replace("members: [alice, bob]", "members: &everyone [alice, bob]") + """
                  - id: again
                    when: { country: [DE] }
                    then: { push: { team: inside-sales, strategy: round-robin } }
                queues: [ { id: pool, teams: *everyone } ]
                """;

        assertThat(problems(yaml)).containsExactly(FILE + ": queues[0].teams: the YAML alias *everyone is not supported"
                + " — fix: write the value out in full (anchors and aliases are not read)");
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        assertThat(problems(bomb)).hasSize(18).first().asString()
                .isEqualTo(FILE + ": b[0]: the YAML alias *a is not supported — fix: write the value out in full (anchors"
                        + " and aliases are not read)");
    }

    @Test
    void boundsNestingAndSize(@TempDir Path dir) throws Exception {
        String deep = "reps: " + "[".repeat(40) + "]".repeat(40) + "\n";
        assertThat(problems(deep)).singleElement().asString()
                .startsWith(FILE + ": reps" + "[0]".repeat(31) + ": nested more than 32 levels deep — fix: ");
        String huge = VALID + "#".repeat(PolicyLoader.MAX_BYTES) + "\n";
        assertThat(problems(huge)).containsExactly(FILE + ": (file): is " + huge.length() + " characters, over the limit of"
                + " 1048576 (1 MiB) — fix: a policy is a few kilobytes; check that this is the right file");

        Path file = Files.writeString(dir.resolve("distribution.yaml"), huge);
        PolicyException e = catchThrowableOfType(() -> PolicyLoader.load(file), PolicyException.class);
        assertThat(e.problems()).containsExactly(file + ": (file): is " + Files.size(file) + " bytes, over the limit of"
                + " 1048576 (1 MiB) — fix: a policy is a few kilobytes; check that this is the right file");
    }

    /** Hostile input is normal input: whatever the text, the loader returns a policy or lists problems, nothing else. */
    @Test
    void mangledPoliciesAreRejectedWithProblemsNeverWithACrash() throws Exception {
        String shipped = Files.readString(Path.of("policy/distribution.yaml"));
        String[] tokens = {"", " ", "-", ":", "{", "}", "[", "]", "\"", "'", "#", "&a", "*a", "~", "no", "0", "007",
                "1e9", "-1", "fallback", "partner", "team", "queue", "ladder", "when", "then", "all", "any", "not",
                "range", "\n", "\n  ", "\t", "true", "null"};
        java.util.Random random = new java.util.Random(20250303);
        int rejected = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder(shipped);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                int length = Math.min(text.length() - at, random.nextInt(12));
                text.replace(at, at + length, tokens[random.nextInt(tokens.length)]);
            }
            try {
                PolicyLoader.parse(FILE, text.toString());
            } catch (PolicyException e) {
                rejected++;
                assertThat(e.problems()).as("mutation %d", i).isNotEmpty().allSatisfy(p -> assertThat(p)
                        .startsWith(FILE + ": ").contains(" — fix: "));
            }
        }
        assertThat(rejected).as("most mutations break something").isGreaterThan(200);
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
        assertThat(PolicyLoader.load(Files.writeString(dir.resolve("ok.yaml"), VALID)).teamIds())
                .containsExactly("inside-sales");
    }

    @Test
    void salesforceChecksumMatchesSalesforce() {
        assertThat(PolicyLoader.salesforceChecksum("005000000000001")).isEqualTo("AAA");
        assertThat(PolicyLoader.salesforceChecksum("001A0000006Vm9r")).isEqualTo("IAC");
        assertThat(PolicyLoader.salesforceChecksum("005Hs00000Ab1Cd")).isEqualTo("IAJ");
    }

    @Test
    void rangeBoundsAreNumbers() {
        Policy policy = PolicyLoader.parse(FILE, VALID.replace("when: {}",
                "when: { attributes.size: { range: { min: 0.5, max: 1_000 } } }"));

        Matcher.Range range = (Matcher.Range) ((Condition.Field) ((Condition.All) policy.rules().get(0).when())
                .conditions().get(0)).matcher();
        assertThat(range.min()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(range.max()).isEqualByComparingTo(new BigDecimal("1000"));
    }
}
