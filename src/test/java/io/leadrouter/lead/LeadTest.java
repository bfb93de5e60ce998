package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadTest {

    private static Lead lead(String email, String phone, String firstName, String country) {
        return new Lead("src", email, phone, firstName, null, null, null, country, null, null);
    }

    @Test
    void acceptsACanonicalLead() {
        Lead lead = lead("ada@example.com", "+14155550132", "Ada", "GB");
        assertThat(lead.field(LeadField.EMAIL)).isEqualTo("ada@example.com");
        assertThat(lead.field(LeadField.COUNTRY)).isEqualTo("GB");
        assertThat(lead.attributes()).isEmpty();
    }

    @Test
    void rejectsNonCanonicalValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> lead("Ada@example.com", null, null, null))
                .withMessageStartingWith("email:");
        assertThatIllegalArgumentException().isThrownBy(() -> lead("bob@", null, null, null))
                .withMessageStartingWith("email:");
        assertThatIllegalArgumentException().isThrownBy(() -> lead(null, "(415) 555-0132", null, null))
                .withMessageStartingWith("phone:");
        assertThatIllegalArgumentException().isThrownBy(() -> lead("a@b.io", null, null, "gb"))
                .withMessageStartingWith("country:");
        assertThatIllegalArgumentException().isThrownBy(() -> lead("a@b.io", null, " ", null))
                .withMessageStartingWith("firstName:");
    }

    @Test
    void rejectsALeadNobodyCanContact() {
        assertThatIllegalArgumentException().isThrownBy(() -> lead(null, null, "Ada", null))
                .withMessage("email: a lead needs an email address or a phone number");
    }

    @Test
    void rejectsAMissingSource() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Lead(" ", "a@b.io", null, null, null, null, null, null, null, null))
                .withMessageStartingWith("sourceId:");
    }

    @Test
    void attributesAreCopied() {
        Map<String, String> attributes = new HashMap<>(Map.of("utm_source", "ads"));
        Lead lead = new Lead("src", "a@b.io", null, null, null, null, null, null, null, attributes);
        attributes.put("utm_medium", "cpc");
        assertThat(lead.attributes()).containsOnlyKeys("utm_source");
    }

    @Test
    void validationHoldsExactlyOneSide() {
        Lead lead = lead("a@b.io", null, null, null);
        FieldViolation violation = new FieldViolation("email", "x");
        assertThatIllegalArgumentException().isThrownBy(() -> new LeadValidation(lead, List.of(violation)));
        assertThatIllegalArgumentException().isThrownBy(() -> new LeadValidation(null, List.of()));
        assertThat(LeadValidation.valid(lead).isValid()).isTrue();
        assertThat(LeadValidation.invalid(List.of(violation)).isValid()).isFalse();
    }

    @Test
    void toStringMasksPersonalData() {
        Lead lead = new Lead("form-website", "ada@example.com", "+14155550132", "Ada", "Lovelace", "Engines Ltd", null,
                "GB", "call me", Map.of("utm_source", "mail"));

        assertThat(lead.toString())
                .contains("***@example.com", "+14***", "company=Engines Ltd", "country=GB", "utm_source")
                .doesNotContain("ada@", "Ada", "Lovelace", "5550132", "call me", "mail]");
    }

    private static Lead located() {
        return new Lead("form-website", "ada@example.com", null, "Zoe\u0308", null, null, null, "GB", "Greater London",
                "London", "SW1A 1AA", null, true, Map.of("utm_source", "mail"));
    }

    @Test
    void addressFieldsAreMaskedLikeOtherPersonalData() {
        assertThat(located().toString())
                .contains("region=Greater London", "postalCode=SW***", "city=***", "consent=true")
                .doesNotContain("city=London", "1AA");
        assertThat(LeadField.fromName("postalCode")).contains(LeadField.POSTAL_CODE);
        assertThat(located().field(LeadField.CITY)).isEqualTo("London");
    }

    @Test
    void addressFieldsAreNeverBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Lead("src", "a@b.io", null, null, null, null, null,
                null, null, " ", null, null, null, null)).withMessageStartingWith("city:");
    }

    @Test
    void roundTripsThroughJsonWithNewAndWithoutNewFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Lead lead = located();
        String text = json.writeValueAsString(lead);
        assertThat(text).contains("\"postalCode\":\"SW1A 1AA\"", "\"consent\":true");
        assertThat(json.readValue(text, Lead.class)).isEqualTo(lead);

        Lead old = json.readValue("{\"sourceId\":\"s\",\"email\":\"a@b.io\",\"attributes\":{}}", Lead.class);
        assertThat(old.consent()).isNull();
        assertThat(old.region()).isNull();
    }
}
