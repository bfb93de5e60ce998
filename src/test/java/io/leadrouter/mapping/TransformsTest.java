package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.text.Normalizer;
import java.time.Duration;
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
            "strip-html          | '<p>one</p><p>two</p>'             | one two",
            "strip-html          | 'x<style>p{color:red}</style>y'    | xy",
            "strip-html          | '&lt;3 &eacute;t&eacute; &#x1F600;' | <3 été 😀",
            "strip-html          | 'a < b and c > d'                  | a < b and c > d",
            "strip-html          | '<b>unclosed'                      | unclosed",
            "first-name          | Ada Lovelace                       | Ada",
            "last-name           | Ada Lovelace                       | Lovelace",
            "first-name          | '  Jan   van der  Berg '           | Jan",
            "last-name           | '  Jan   van der  Berg '           | van der Berg",
            "last-name           | Gabriel García Márquez             | García Márquez",
            "first-name          | Cher                               | Cher",
            "last-name           | Cher                               | ''",
            "first-name          | 'Lovelace, Ada'                    | Ada",
            "last-name           | 'Lovelace, Ada'                    | Lovelace",
            "first-name          | 'Berg, Jan van der'                | Jan",
            "last-name           | 'Berg, Jan van der'                | van der Berg",
            "first-name          | van Gogh                           | ''",
            "last-name           | van Gogh                           | van Gogh",
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
    void namesKeepCombiningMarksExactlyAsWritten() {
        String zoe = "Zoe\u0308";
        String joseNfd = Normalizer.normalize("José", Normalizer.Form.NFD);
        assertThat(joseNfd).isNotEqualTo("José");

        assertThat(named("collapse-whitespace").apply(" " + zoe + " \t " + joseNfd + " ")).isEqualTo(zoe + " " + joseNfd);
        assertThat(named("trim").apply(" " + zoe + " ")).isEqualTo(zoe);
        assertThat(named("title-case").apply("zoe\u0308")).isEqualTo(zoe);
        assertThat(named("first-name").apply(zoe + " " + joseNfd)).isEqualTo(zoe);
        assertThat(named("last-name").apply(zoe + " " + joseNfd)).isEqualTo(joseNfd);
    }

    @Test
    void stripHtmlIsBoundedOnHostileInput() {
        int mebibyte = 1024 * 1024;
        String lessThans = "<".repeat(mebibyte);
        String openTags = "<a".repeat(mebibyte / 2);
        String nested = "<b>".repeat(100_000) + "deep" + "</b>".repeat(100_000);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThat(Transforms.stripHtml(lessThans)).isEqualTo(lessThans);
            assertThat(Transforms.stripHtml(openTags)).isEmpty();
            assertThat(Transforms.stripHtml(nested)).isEqualTo("deep");
        });
    }

    @Test
    void listsEveryNameAndRejectsUnknownOnes() {
        assertThat(Transforms.names()).containsExactly("collapse-whitespace", "digits-only", "e164", "first-name",
                "iso-country", "last-name", "lowercase", "strip-html", "title-case", "trim", "uppercase");
        assertThat(Transforms.named("reverse")).isEmpty();
    }
}
