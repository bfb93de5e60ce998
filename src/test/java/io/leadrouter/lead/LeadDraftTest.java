package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadDraftTest {

    private static LeadDraft draft() {
        return new LeadDraft("form-website", "US");
    }

    @Test
    void normalizesEveryFieldIntoALead() {
        LeadValidation result = draft()
                .put(LeadField.EMAIL, " Ada@Example.COM ")
                .put(LeadField.PHONE, "(415) 555-0132")
                .put(LeadField.FIRST_NAME, "  Ada ")
                .put(LeadField.LAST_NAME, "Lovelace")
                .put(LeadField.COMPANY, "Analytical Engines Ltd")
                .put(LeadField.TITLE, "Mathematician")
                .put(LeadField.COUNTRY, "United Kingdom")
                .put(LeadField.MESSAGE, "Call me")
                .attribute("utm_source", " newsletter ")
                .attribute("utm_medium", " ")
                .build();

        assertThat(result.isValid()).isTrue();
        assertThat(result.violations()).isEmpty();
        assertThat(result.lead()).isEqualTo(new Lead("form-website", "ada@example.com", "+14155550132", "Ada",
                "Lovelace", "Analytical Engines Ltd", "Mathematician", "GB", "Call me",
                Map.of("utm_source", "newsletter")));
    }

    @Test
    void blankValuesAreAbsent() {
        LeadValidation result = draft().put(LeadField.EMAIL, "a@b.io").put(LeadField.COMPANY, "  ").build();
        assertThat(result.lead().company()).isNull();
        assertThat(result.lead().phone()).isNull();
    }

    @Test
    void phoneAloneIsEnoughToContact() {
        LeadValidation result = draft().put(LeadField.PHONE, "+49 30 901820").build();
        assertThat(result.lead().phone()).isEqualTo("+4930901820");
        assertThat(result.lead().email()).isNull();
    }

    @Test
    void reportsEveryProblemWithAnActionableMessage() {
        LeadValidation result = draft()
                .put(LeadField.EMAIL, "bob@")
                .put(LeadField.PHONE, "12")
                .put(LeadField.COUNTRY, "Atlantis")
                .build();

        assertThat(result.isValid()).isFalse();
        assertThat(result.lead()).isNull();
        assertThat(result.violations()).containsExactly(
                new FieldViolation("email", "'bob@' is not a valid email address"),
                new FieldViolation("phone", "'12' is not a valid phone number for region US; give it in "
                        + "international form, e.g. " + PhoneNumbers.exampleFor("US")),
                new FieldViolation("country", "'Atlantis' is not a known country name or ISO-3166 code"));
    }

    @Test
    void phoneMessageWithoutRegionAsksForInternationalForm() {
        LeadValidation result = new LeadDraft("s", null).put(LeadField.PHONE, "4155550132").build();
        assertThat(result.violations()).containsExactly(new FieldViolation("phone",
                "'4155550132' is not a valid phone number; give it in international form, e.g. +14155550123"));
    }

    @Test
    void aLeadNeedsAnEmailOrAPhone() {
        LeadValidation result = draft().put(LeadField.FIRST_NAME, "Bob").build();
        assertThat(result.violations())
                .containsExactly(new FieldViolation("email", "a lead needs an email address or a phone number"));
    }

    @Test
    void keepsViolationsRecordedByTheMapping() {
        LeadValidation result = draft()
                .put(LeadField.PHONE, "+14155550132")
                .violation("company", "required, but the submission has no value in company")
                .build();
        assertThat(result.violations())
                .containsExactly(new FieldViolation("company", "required, but the submission has no value in company"));
    }

    @Test
    void echoedInputIsBoundedAndOnOneLine() {
        String longInput = "x\n".repeat(100) + "@";
        LeadValidation result = draft().put(LeadField.EMAIL, longInput).build();
        String message = result.violations().get(0).message();
        assertThat(message).doesNotContain("\n").hasSizeLessThan(130).contains("…");
    }
}
