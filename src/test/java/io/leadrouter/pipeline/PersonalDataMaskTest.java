package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void emailAddressesAndPhoneNumbersAreMasked() {
        assertThat(PersonalDataMask.mask("refused: Email: invalid email address: Ada.Lovelace+x@mail.example.co.uk; retry"))
                .isEqualTo("refused: Email: invalid email address: ***@***; retry");
        assertThat(PersonalDataMask.mask("call +14155550132 or +1 (415) 555-0132 or (415) 555-0132 or 415.555.0132"))
                .isEqualTo("call +*** or +*** or +*** or +***");
        assertThat(PersonalDataMask.mask("{\"message\":\"a@b.io\",\"phone\":\"+4930901820\"}"))
                .isEqualTo("{\"message\":\"***@***\",\"phone\":\"+***\"}");
    }

    @Test
    void idsTimesAndNumbersAreLeftAlone() {
        String line = "2026-11-29T23:07:01.123+01:00  INFO 12345 --- [leadrouter] [  main] lead=01936512-1234-7abc-8def-0123456789ab"
                + " i.l.p.LeadLifecycle : decided 500 lead(s) in 120 ms: {alice=125} io.leadrouter.Foo@6d3af739 00Q000000000001AAA"
                + " \"@timestamp\":\"2026-11-29T23:07:01Z\" 192.168.100.20 v59.0";
        assertThat(PersonalDataMask.mask(line)).isEqualTo(line);
    }

    @Test
    void aLongLineCostsLinearTime() {
        String hostile = "a".repeat(1_000_000) + "@" + "b".repeat(1_000_000) + " " + "1-".repeat(500_000);
        long start = System.nanoTime();
        PersonalDataMask.mask(hostile);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for 3 MB").isLessThan(2_000);
    }
}
