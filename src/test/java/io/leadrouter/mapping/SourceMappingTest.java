package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.lead.FieldViolation;
import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadValidation;
import java.nio.file.Path;
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
        assertThat(mapping.crm()).isEqualTo("hubspot");
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
}
