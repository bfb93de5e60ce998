package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.leadrouter.lead.FieldViolation;
import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadValidation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceMappingTest {

    @TempDir
    Path dir;

    private SourceMapping mapping;

    @BeforeEach
    void load() {
        mapping = MappingCatalog.loadFile(MappingFiles.valid(dir, "test-form"));
    }

    @Test
    void exposesTheFilesDescription() {
        assertThat(mapping.sourceId()).isEqualTo("test-form");
        assertThat(mapping.title()).isEqualTo("Test form");
        assertThat(mapping.description()).isEqualTo("A form used by tests.");
        assertThat(mapping.crms()).containsExactly("hubspot");
        assertThat(mapping.defaultRegion()).isEqualTo("US");
        assertThat(mapping.examples()).extracting(MappingExample::name).containsExactly("flat");
    }

    @Test
    void readsPlainKeysLiterallyEvenWithDotsAndDashes() {
        Lead lead = mapping.apply(Map.of("email", "a@b.io", "first-name", "ada", "company.name", "Acme",
                "utm.campaign", "SPRING")).lead();
        assertThat(lead.firstName()).isEqualTo("Ada");
        assertThat(lead.company()).isEqualTo("Acme");
        assertThat(lead.attributes()).containsEntry("campaign", "spring");
    }

    @Test
    void readsJsonPathsIntoNestedObjects() {
        Lead lead = mapping.apply(Map.of(
                "contact", Map.of("email", "A@B.io", "phone", "(415) 555-0132"), "country", "US",
                "name", Map.of("first", "grace  brewster"),
                "utm", Map.of("campaign", "Launch"))).lead();
        assertThat(lead.email()).isEqualTo("a@b.io");
        assertThat(lead.phone()).isEqualTo("+14155550132");
        assertThat(lead.firstName()).isEqualTo("Grace Brewster");
        assertThat(lead.attributes()).containsEntry("campaign", "launch");
    }

    @Test
    void theFirstNonBlankAlternativeWins() {
        Lead lead = mapping.apply(Map.of("email", " ", "contact", Map.of("email", "second@b.io"))).lead();
        assertThat(lead.email()).isEqualTo("second@b.io");
    }

    @Test
    void aJsonPathIsNotEvaluatedFromMessageData() {
        Lead lead = mapping.apply(Map.of("email", "a@b.io", "first-name", "$.email")).lead();
        assertThat(lead.firstName()).isEqualTo("$.email");
    }

    @Test
    void repeatedFormFieldsAndNumbersBecomeText() {
        Lead lead = mapping.apply(Map.of("email", List.of("first@b.io", "second@b.io"), "phone", 4155550132L,
                "company.name", 42, "country", "us")).lead();
        assertThat(lead.email()).isEqualTo("first@b.io");
        assertThat(lead.phone()).isEqualTo("+14155550132");
        assertThat(lead.company()).isEqualTo("42");
    }

    @Test
    void objectsAreNotValues() {
        LeadValidation result = mapping.apply(Map.of("email", Map.of("nested", "a@b.io")));
        assertThat(result.violations()).extracting(FieldViolation::field).containsExactly("email");
    }

    @Test
    void defaultsApplyOnlyWhenEveryAlternativeIsAbsent() {
        assertThat(mapping.apply(Map.of("email", "a@b.io")).lead().country()).isEqualTo("DE");
        assertThat(mapping.apply(Map.of("email", "a@b.io", "country", "France")).lead().country()).isEqualTo("FR");
    }

    @Test
    void requiredFieldsAreReportedWithWhereTheyWereLookedFor(@TempDir Path other) {
        SourceMapping strict = MappingCatalog.loadFile(MappingFiles.write(other, "strict.mapping.yaml", """
                source: strict
                title: Strict
                description: Requires an email and a campaign.
                crm: salesforce
                fields:
                  email: { from: [email, $.contact.email], required: true }
                attributes:
                  campaign: { from: utm_campaign, required: true }
                examples:
                  - { name: missing, input: {}, errors: [email, campaign] }
                """));
        assertThat(strict.apply(Map.of()).violations()).containsExactly(
                new FieldViolation("email", "required, but the submission has no value in email, $.contact.email"),
                new FieldViolation("campaign", "required, but the submission has no value in utm_campaign"));
        assertThat(strict.checkExamples()).isEmpty();
        assertThat(strict.defaultRegion()).isNull();
    }

    @Test
    void nullInputIsAnEmptySubmission() {
        assertThat(mapping.apply(null).violations()).extracting(FieldViolation::message)
                .containsExactly("a lead needs an email address or a phone number");
    }

    @Test
    void examplesReportEveryMismatch(@TempDir Path other) {
        SourceMapping wrong = MappingCatalog.loadFile(MappingFiles.write(other, "wrong.mapping.yaml", """
                source: wrong
                title: Wrong examples
                description: Examples that do not hold.
                crm: salesforce
                fields:
                  email: { from: email }
                  country: { from: country }
                attributes:
                  campaign: { from: utm_campaign }
                examples:
                  - name: wrong values
                    input: { email: a@b.io, country: Norway, utm_campaign: x }
                    expect: { email: b@b.io, country: NO, attributes: { campaign: y } }
                  - name: expected rejection
                    input: { email: a@b.io }
                    errors: [email]
                  - name: expected acceptance
                    input: { email: nope }
                    expect: { email: nope }
                  - name: other field rejected
                    input: { email: nope }
                    errors: [phone]
                """));
        assertThat(wrong.checkExamples()).containsExactly(
                "example 'wrong values': email expected 'b@b.io' but was 'a@b.io'",
                "example 'wrong values': country expected 'false' but was 'NO' — the expected value is the boolean "
                        + "false (YAML reads unquoted yes/no/on/off/true/false as booleans); quote it",
                "example 'wrong values': attributes.campaign expected 'y' but was 'x'",
                "example 'expected rejection': expected violations on [email] but the lead was valid: "
                        + wrong.apply(Map.of("email", "a@b.io")).lead(),
                "example 'expected acceptance': expected a valid lead but got email: 'nope' is not a valid email address",
                "example 'other field rejected': expected violations on [phone] but got email: 'nope' is not a valid "
                        + "email address");
    }

    private SourceMapping vendor(Path other, String id, String body) {
        return MappingCatalog.loadFile(MappingFiles.write(other, id + ".mapping.yaml", """
                source: %s
                title: Vendor
                description: A vendor format.
                crm: hubspot
                defaultRegion: US
                """.formatted(id) + body));
    }

    @Test
    void aJsonArrayIsABatchOfEventsWithTheirOwnKeys(@TempDir Path other) {
        SourceMapping hubspot = vendor(other, "hook-hubspot", """
                events: $[*]
                eventKey: eventId
                fields:
                  email: { from: $.properties.email }
                examples:
                  - name: two events
                    input: [ { eventId: 1, properties: { email: a@b.io } }, { eventId: 2, properties: { email: c@d.io } } ]
                    events: 2
                    eventKey: "1"
                    expect: { email: a@b.io }
                  - name: an empty batch
                    input: []
                    events: 0
                """);
        List<Object> events = hubspot.events(List.of(Map.of("eventId", 7, "properties", Map.of("email", "x@y.io")),
                Map.of("eventId", 8)));
        assertThat(events).hasSize(2);
        assertThat(hubspot.eventKey(events.get(0))).contains("7");
        assertThat(hubspot.apply(events.get(0)).lead().email()).isEqualTo("x@y.io");
        assertThat(hubspot.apply(events.get(1)).isValid()).isFalse();
        assertThat(hubspot.events(Map.of("eventId", 9))).singleElement().isEqualTo(Map.of("eventId", 9));
        assertThat(hubspot.events("a scalar")).isEmpty();
        assertThat(hubspot.events(null)).isEmpty();
        assertThat(hubspot.checkExamples()).isEmpty();
    }

    @Test
    void aSingleElementWhereAListIsExpectedIsOneEvent(@TempDir Path other) {
        SourceMapping salesforce = vendor(other, "hook-salesforce", """
                events: $.Envelope.Body.notifications.Notification[*]
                eventKey: $.Id
                fields:
                  email: { from: $.sObject.Email }
                examples:
                  - name: one notification
                    input: { Envelope: { Body: { notifications: { Notification: { Id: n1, sObject: { Email: a@b.io } } } } } }
                    eventKey: n1
                    expect: { email: a@b.io }
                """);
        Map<String, Object> two = Map.of("Envelope", Map.of("Body", Map.of("notifications", Map.of("Notification",
                List.of(Map.of("Id", "n1"), Map.of("Id", "n2"))))));
        assertThat(salesforce.events(two)).extracting(e -> salesforce.eventKey(e).orElseThrow())
                .containsExactly("n1", "n2");
        assertThat(salesforce.checkExamples()).isEmpty();
    }

    @Test
    void fieldListPairsBecomeKeysAndTestLeadsAreMarked(@TempDir Path other) {
        SourceMapping google = vendor(other, "hook-google-ads", """
                eventKey: lead_id
                test: { from: is_test }
                fieldList: { path: "$.user_column_data[*]", name: column_id, value: string_value }
                fields:
                  email: { from: EMAIL }
                  firstName: { from: [FIRST_NAME, FULL_NAME], transform: [first-name] }
                  lastName: { from: [LAST_NAME, FULL_NAME], transform: [last-name] }
                  phone: { from: PHONE_NUMBER }
                  country: { from: COUNTRY }
                examples:
                  - name: a test lead
                    input:
                      lead_id: L1
                      is_test: true
                      user_column_data:
                        - { column_id: FULL_NAME, string_value: Jan van der Berg }
                        - { column_id: EMAIL, string_value: jan@example.nl }
                        - { column_id: PHONE_NUMBER, string_value: "020 123 4567" }
                        - { column_id: COUNTRY, string_value: NL }
                        - { column_id: lead_id, string_value: spoofed }
                    eventKey: L1
                    test: true
                    expect: { firstName: Jan, lastName: van der Berg, email: jan@example.nl, phone: "+31201234567" }
                """);
        assertThat(google.checkExamples()).isEmpty();
        assertThat(google.isTest(Map.of("is_test", false))).isFalse();
        assertThat(google.isTest(Map.of())).isFalse();
        assertThat(google.isTest("not a map")).isFalse();
        assertThat(google.apply((Object) "not a map").isValid()).isFalse();

        SourceMapping meta = vendor(other, "hook-meta", """
                fieldList:
                  - { path: "$.field_data[*]", name: name, value: values }
                fields:
                  email: { from: email }
                  consent: { from: marketing_opt_in }
                examples:
                  - name: meta lead
                    input: { field_data: [ { name: email, values: [a@b.io] }, { name: marketing_opt_in, values: ["yes"] } ] }
                    expect: { email: a@b.io, consent: true }
                """);
        assertThat(meta.checkExamples()).isEmpty();

        SourceMapping typeform = vendor(other, "hook-typeform", """
                eventKey: $.event_id
                fieldList:
                  path: $.form_response.answers[*]
                  name: $.field.ref
                  value: [text, email, phone_number, $.choice.label, boolean]
                fields:
                  email: { from: email }
                  company: { from: company }
                  consent: { from: consent }
                examples:
                  - name: typeform answers
                    input:
                      event_id: ev1
                      form_response:
                        answers:
                          - { type: email, email: a@b.io, field: { id: x1, ref: email } }
                          - { type: choice, choice: { label: Acme }, field: { id: x2, ref: company } }
                          - { type: boolean, boolean: false, field: { id: x3, ref: consent } }
                    eventKey: ev1
                    expect: { email: a@b.io, company: Acme, consent: false }
                """);
        assertThat(typeform.checkExamples()).isEmpty();
    }

    @Test
    void examplesCheckEventCountsKeysAndTestFlags(@TempDir Path other) {
        SourceMapping batch = vendor(other, "batch", """
                events: $.items[*]
                eventKey: id
                test: { from: test }
                fields:
                  email: { from: email }
                examples:
                  - { name: count, input: { items: [ { email: a@b.io } ] }, events: 2 }
                  - { name: many, input: { items: [ { email: a@b.io }, { email: c@d.io } ] }, expect: { email: a@b.io } }
                  - { name: none, input: { items: [] }, expect: { email: a@b.io } }
                  - { name: key, input: { items: [ { email: a@b.io, id: x } ] }, eventKey: y, test: true }
                """);
        assertThat(batch.checkExamples()).containsExactly(
                "example 'count': expected 2 event(s) but the input holds 1",
                "example 'many': the input holds 2 events; an example checks one — give events: 2 (expectations then "
                        + "apply to the first event) or shorten the input",
                "example 'none': the input holds no event at $.items[*] — nothing to compare with expect/errors",
                "example 'key': eventKey expected 'y' but was 'x'",
                "example 'key': test expected true but was false");
    }

    @Test
    void deepPayloadsStayBounded(@TempDir Path other) {
        SourceMapping deep = vendor(other, "deep", """
                events: $..items[*]
                fields:
                  email: { from: [$..email] }
                examples:
                  - { name: one, input: { items: [ { email: a@b.io } ] }, expect: { email: a@b.io } }
                """);
        Object payload = Map.of("email", "x@y.io");
        for (int i = 0; i < 64; i++) {
            payload = Map.of("a", payload, "items", List.of());
        }
        Object hostile = payload;
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThat(deep.events(hostile)).isEmpty();
            assertThat(deep.apply(hostile).violations()).isEmpty();
            assertThat(deep.apply(hostile).lead().email()).isEqualTo("x@y.io");
        });
    }
    @Test
    void anAlternativeCarriesItsOwnTransformBeforeTheRules(@TempDir Path other) {
        SourceMapping names = vendor(other, "names", """
                fields:
                  email: { from: email }
                  firstName: { from: [first_name, { key: full_name, transform: [first-name] }] }
                  lastName:
                    from: [last_name, { key: full_name, transform: [last-name] }, { path: $.who.name, transform: last-name }]
                    transform: [uppercase]
                examples:
                  - { name: split, input: { email: a@b.io, full_name: Grace Hopper }, expect: { firstName: Grace, lastName: HOPPER } }
                """);
        // a one-word last_name is kept whole: the split applies only to full_name
        Lead own = names.apply(Map.of("email", "a@b.io", "first_name", "Grace", "last_name", "Hopper",
                "full_name", "Rear Admiral Hopper")).lead();
        assertThat(own.firstName()).isEqualTo("Grace");
        assertThat(own.lastName()).isEqualTo("HOPPER");
        Lead split = names.apply(Map.of("email", "a@b.io", "full_name", "Ludwig van Beethoven")).lead();
        assertThat(split.firstName()).isEqualTo("Ludwig");
        assertThat(split.lastName()).isEqualTo("VAN BEETHOVEN");
        // a one-word full name has no last name, so the next alternative is read
        Lead fallThrough = names.apply(Map.of("email", "a@b.io", "full_name", "Cher",
                "who", Map.of("name", "Grace Hopper"))).lead();
        assertThat(fallThrough.firstName()).isEqualTo("Cher");
        assertThat(fallThrough.lastName()).isEqualTo("HOPPER");
        assertThat(names.apply(Map.of("email", "a@b.io", "full_name", "Cher")).lead().lastName()).isNull();
        assertThat(names.checkExamples()).isEmpty();
    }

    @Test
    void aKeyGlobReadsTheFirstMatchingKeyInPayloadOrder(@TempDir Path other) {
        SourceMapping cf7 = vendor(other, "globs", """
                fields:
                  email: { from: email }
                  consent: { from: [{ keyGlob: "acceptance-*" }, agree] }
                attributes:
                  menu: { from: { keyGlob: "menu-*-choice" } }
                  dollar: { from: { key: "$price" } }
                examples:
                  - { name: numbered, input: { email: a@b.io, acceptance-231: "1" }, expect: { consent: true } }
                """);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("email", "a@b.io");
        payload.put("xacceptance-1", "0");
        payload.put("acceptance-7", "1");
        payload.put("acceptance-8", "0");
        payload.put("menu-12-choice", "B");
        payload.put("$price", "9");
        Lead lead = cf7.apply(payload).lead();
        assertThat(lead.consent()).isTrue();
        assertThat(lead.attributes()).containsEntry("menu", "B").containsEntry("dollar", "9");
        assertThat(cf7.apply(Map.of("email", "a@b.io", "agree", "no")).lead().consent()).isFalse();
        assertThat(cf7.apply(Map.of("email", "a@b.io", "acceptance", "1")).lead().consent()).isNull();
        assertThat(cf7.checkExamples()).isEmpty();
    }

    @Test
    void aPathWhoseFirstPropertyIsMissingReadsAsNullWithoutEvaluationAndOtherwiseAsJsonPathReadsIt() {
        assertThat(ValueSource.Path.head("$.contact.email")).isEqualTo("contact");
        assertThat(ValueSource.Path.head("$.items[0].id")).isEqualTo("items");
        assertThat(ValueSource.Path.head("$.email")).isEqualTo("email");
        assertThat(ValueSource.Path.head("$..email")).isNull();
        assertThat(ValueSource.Path.head("$['contact'].email")).isNull();
        assertThat(ValueSource.Path.head("$.utm-source")).isNull();
        assertThat(ValueSource.Path.head("$[0].email")).isNull();
        List<Object> inputs = List.of(Map.of(), Map.of("email", "a@b.io"), Map.of("contact", Map.of("email", "c@d.io")),
                Map.of("contact", "text"), Map.of("items", List.of(Map.of("id", "7"))), Map.of("utm-source", "ads"),
                List.of(Map.of("email", "e@f.io")), "scalar");
        for (String expression : List.of("$.contact.email", "$.items[0].id", "$.email", "$..email", "$['contact'].email",
                "$.utm-source", "$[0].email")) {
            ValueSource source = ValueSource.of(expression);
            com.jayway.jsonpath.JsonPath path = com.jayway.jsonpath.JsonPath.compile(expression);
            for (Object input : inputs) {
                assertThat(source.value(input)).as("%s over %s", expression, input).isEqualTo(path.read(input, ValueSource.JSON_PATH));
            }
        }
    }

    @Test
    void globsMatchLiterallyAndInBoundedTime() {
        assertThat(ValueSource.Glob.matches("acceptance-*", "acceptance-")).isTrue();
        assertThat(ValueSource.Glob.matches("acceptance-*", "acceptance-12")).isTrue();
        assertThat(ValueSource.Glob.matches("acceptance-*", "Acceptance-12")).isFalse();
        assertThat(ValueSource.Glob.matches("a.c*", "abc1")).as("a dot is literal").isFalse();
        assertThat(ValueSource.Glob.matches("[a]*", "[a]x")).as("brackets are literal").isTrue();
        assertThat(ValueSource.Glob.matches("*-*-end", "x-y-z-end")).isTrue();
        assertThat(ValueSource.Glob.matches("*-*-end", "x-end")).isFalse();
        String hostileGlob = "*a*a*a*a*a*a*a*b";
        String hostileKey = "a".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThat(ValueSource.Glob.matches(hostileGlob, hostileKey)).isFalse());
    }
}
