package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "'(415) 555-0132', US, +14155550132",
            "415.555.0132, us, +14155550132",
            "+44 20 7946 0958, US, +442079460958",
            "030 901820, DE, +4930901820",
            "+49 30 901820, , +4930901820"})
    void formatsValidNumbersAsE164(String raw, String region, String e164) {
        assertThat(PhoneNumbers.toE164(raw, region)).contains(e164);
    }

    @ParameterizedTest
    @CsvSource({"12, US", "'(415) 555-0132', ", "not a phone, US", "+1 000 000 0000, US", "'', US"})
    void rejectsInvalidNumbers(String raw, String region) {
        assertThat(PhoneNumbers.toE164(raw, region)).isEmpty();
    }

    @Test
    void exampleNumberIsInternationalForm() {
        assertThat(PhoneNumbers.exampleFor("DE")).startsWith("+49");
        assertThat(PhoneNumbers.exampleFor(null)).isEqualTo("+14155550123");
    }
}
