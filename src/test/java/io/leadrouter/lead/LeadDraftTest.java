package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "1,true", "checked,true", "Accepted,true", "false,false",
            "no,false", "OFF,false", "0,false"})
    void readsConsentFromYesNoAnswers(String raw, boolean consent) {
        assertThat(draft().put(LeadField.EMAIL, "a@b.io").consent(raw).build().lead().consent()).isEqualTo(consent);
    }

    @Test
    void consentIsAbsentUnlessGivenAndOtherAnswersAreViolations() {
        assertThat(draft().put(LeadField.EMAIL, "a@b.io").consent(" ").build().lead().consent()).isNull();
        assertThat(draft().put(LeadField.EMAIL, "a@b.io").consent("maybe").build().violations())
                .extracting(FieldViolation::field).containsExactly("consent");
    }

    @Test
    void aNationalPhoneIsReadInTheLeadsCountryBeforeTheDefaultRegion() {
        LeadValidation uk = draft().put(LeadField.PHONE, "020 7946 0958").put(LeadField.COUNTRY, "GB").build();
        assertThat(uk.lead().phone()).isEqualTo("+442079460958");

        LeadValidation usNumberUkLead = draft().put(LeadField.PHONE, "(415) 555-0132").put(LeadField.COUNTRY, "GB")
                .build();
        assertThat(usNumberUkLead.lead().phone()).isEqualTo("+14155550132");

        LeadValidation neither = draft().put(LeadField.PHONE, "12").put(LeadField.COUNTRY, "GB").build();
        assertThat(neither.violations()).extracting(FieldViolation::message).singleElement().asString()
                .startsWith("'12' is not a valid phone number for region GB or US;");
    }

    @Test
    void keepsNamesAndAddressExactlyAsWritten() {
        String joseNfd = Normalizer.normalize("José", Normalizer.Form.NFD);
        Lead lead = draft().put(LeadField.EMAIL, "a@b.io").put(LeadField.FIRST_NAME, " Zoe\u0308 ")
                .put(LeadField.LAST_NAME, joseNfd).put(LeadField.REGION, " CA ").put(LeadField.CITY, "Zürich")
                .put(LeadField.POSTAL_CODE, "8001").build().lead();
        assertThat(lead.firstName()).isEqualTo("Zoe\u0308").hasSize(4);
        assertThat(lead.lastName()).isEqualTo(joseNfd);
        assertThat(lead.region()).isEqualTo("CA");
        assertThat(lead.city()).isEqualTo("Zürich");
        assertThat(lead.postalCode()).isEqualTo("8001");
    }
}
