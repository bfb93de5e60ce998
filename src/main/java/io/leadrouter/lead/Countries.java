package io.leadrouter.lead;

import java.util.Locale;
import java.util.Set;

/** ISO-3166 country names and codes (placeholder until the normalizer lands). */
public final class Countries {
    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    public static boolean isAlpha2(String code) {
        return code != null && ALPHA2.contains(code);
    }
}
