package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CountriesTest {

    @ParameterizedTest
    @CsvSource({
            "de, DE", "GB, GB", "deu, DE", "USA, US", "gbr, GB",
            "United Kingdom, GB", "united states of america, US", "U.S.A., US", "UK, GB", "England, GB",
            "Great Britain, GB", "Deutschland, DE", "Holland, NL", "The Netherlands, NL", "South Korea, KR",
            "Russia, RU", "Côte d’Ivoire, CI", "Cote d'Ivoire, CI", "Saint Lucia, LC", "St. Lucia, LC",
            "Bosnia and Herzegovina, BA", "Trinidad & Tobago, TT", "  france  , FR", "Österreich, AT",
            "Czech Republic, CZ", "Turkey, TR"})
    void resolvesCodesNamesAndAliases(String raw, String alpha2) {
        assertThat(Countries.toAlpha2(raw)).contains(alpha2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Atlantis", "XX", "ZZZ", "", " ", "United"})
    void rejectsUnknownCountries(String raw) {
        assertThat(Countries.toAlpha2(raw)).isEmpty();
    }

    @Test
    void alpha2CheckIsForCanonicalCodesOnly() {
        assertThat(Countries.isAlpha2("DE")).isTrue();
        assertThat(Countries.isAlpha2("de")).isFalse();
        assertThat(Countries.isAlpha2(null)).isFalse();
    }
}
