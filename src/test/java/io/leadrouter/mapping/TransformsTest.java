package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransformsTest {

    private static UnaryOperator<String> named(String name) {
        return Transforms.named(name).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "trim                | '  a b  '                          | 'a b'",
            "lowercase           | ÄBC                                | äbc",
            "uppercase           | abc                                | ABC",
            "collapse-whitespace | ' Grace \t  Brewster\n Hopper '    | Grace Brewster Hopper",
            "digits-only         | '(415) 555-0132'                   | 4155550132",
            "title-case          | mary-jane O'NEIL                   | Mary-Jane O'neil",
            "strip-html          | '<p>Hi <b>there</b> &amp; bye</p>' | 'Hi there & bye'",
            "strip-html          | 'a<script>alert(1)</script>b'      | ab",
            "e164                | '+1 (415) 555-0132'                | +14155550132",
            "e164                | '12'                               | 12",
            "iso-country         | Deutschland                        | DE",
            "iso-country         | Atlantis                           | Atlantis"})
    void transformsAValue(String name, String input, String expected) {
        assertThat(named(name).apply(input)).isEqualTo(expected);
    }

    @Test
    void e164LeavesNationalNumbersForValidationToResolveWithTheLeadsCountry() {
        assertThat(named("e164").apply("+49 30 901820")).isEqualTo("+4930901820");
        assertThat(named("e164").apply("030 901820")).isEqualTo("030 901820");
    }

    @Test
    void listsEveryNameAndRejectsUnknownOnes() {
        assertThat(Transforms.names()).containsExactly("collapse-whitespace", "digits-only", "e164", "first-name",
                "iso-country", "last-name", "lowercase", "strip-html", "title-case", "trim", "uppercase");
        assertThat(Transforms.named("reverse")).isEmpty();
    }
}
