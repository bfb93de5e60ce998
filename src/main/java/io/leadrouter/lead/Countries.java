package io.leadrouter.lead;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** ISO-3166 country codes from codes, English names and common aliases, case/accent/punctuation-insensitive. */
public final class Countries {

    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> ALPHA3_TO_ALPHA2;
    private static final Map<String, String> NAME_TO_ALPHA2;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern DROPPED = Pattern.compile("[.'’‘`]");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern SAINT = Pattern.compile("\\bsaint\\b");
    private static final Pattern LEADING_THE = Pattern.compile("^the ");

    /** Aliases people commonly type, including a few endonyms; keys are normalized like input. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("usa", "US"), Map.entry("us", "US"), Map.entry("america", "US"),
            Map.entry("united states of america", "US"), Map.entry("united states", "US"),
            Map.entry("uk", "GB"), Map.entry("great britain", "GB"), Map.entry("britain", "GB"),
            Map.entry("england", "GB"), Map.entry("scotland", "GB"), Map.entry("wales", "GB"),
            Map.entry("northern ireland", "GB"), Map.entry("united kingdom of great britain and northern ireland", "GB"),
            Map.entry("deutschland", "DE"), Map.entry("germany", "DE"), Map.entry("osterreich", "AT"),
            Map.entry("schweiz", "CH"), Map.entry("suisse", "CH"), Map.entry("svizzera", "CH"),
            Map.entry("holland", "NL"), Map.entry("nederland", "NL"), Map.entry("belgie", "BE"),
            Map.entry("belgique", "BE"), Map.entry("espana", "ES"), Map.entry("italia", "IT"),
            Map.entry("brasil", "BR"), Map.entry("polska", "PL"), Map.entry("sverige", "SE"),
            Map.entry("norge", "NO"), Map.entry("danmark", "DK"), Map.entry("suomi", "FI"),
            Map.entry("eire", "IE"), Map.entry("republic of ireland", "IE"), Map.entry("nippon", "JP"),
            Map.entry("south korea", "KR"), Map.entry("korea", "KR"), Map.entry("republic of korea", "KR"),
            Map.entry("north korea", "KP"), Map.entry("russia", "RU"), Map.entry("russian federation", "RU"),
            Map.entry("czech republic", "CZ"), Map.entry("turkey", "TR"), Map.entry("turkiye", "TR"),
            Map.entry("uae", "AE"), Map.entry("emirates", "AE"), Map.entry("vietnam", "VN"),
            Map.entry("viet nam", "VN"), Map.entry("laos", "LA"), Map.entry("syria", "SY"), Map.entry("iran", "IR"),
            Map.entry("burma", "MM"), Map.entry("myanmar", "MM"), Map.entry("ivory coast", "CI"),
            Map.entry("cote divoire", "CI"), Map.entry("hong kong", "HK"), Map.entry("macau", "MO"),
            Map.entry("macao", "MO"), Map.entry("palestine", "PS"), Map.entry("dr congo", "CD"),
            Map.entry("drc", "CD"), Map.entry("democratic republic of the congo", "CD"),
            Map.entry("republic of the congo", "CG"), Map.entry("vatican", "VA"),
            Map.entry("vatican city", "VA"), Map.entry("holy see", "VA"), Map.entry("cape verde", "CV"),
            Map.entry("swaziland", "SZ"), Map.entry("eswatini", "SZ"), Map.entry("macedonia", "MK"),
            Map.entry("north macedonia", "MK"), Map.entry("bolivia", "BO"), Map.entry("venezuela", "VE"),
            Map.entry("tanzania", "TZ"), Map.entry("moldova", "MD"), Map.entry("brunei", "BN"),
            Map.entry("taiwan", "TW"), Map.entry("china", "CN"), Map.entry("prc", "CN"),
            Map.entry("peoples republic of china", "CN"), Map.entry("mainland china", "CN"),
            Map.entry("east timor", "TL"), Map.entry("timor leste", "TL"), Map.entry("micronesia", "FM"),
            Map.entry("bosnia", "BA"), Map.entry("st kitts", "KN"), Map.entry("st vincent", "VC"));

    static {
        Map<String, String> alpha3 = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (String code : ALPHA2) {
            Locale locale = new Locale("", code);
            try {
                alpha3.put(locale.getISO3Country(), code);
            } catch (MissingResourceException e) {
                // no alpha-3 code known for this region: it stays reachable by alpha-2 and name
            }
            names.put(key(locale.getDisplayCountry(Locale.ENGLISH)), code);
        }
        ALIASES.forEach((alias, code) -> names.put(key(alias), code));
        ALPHA3_TO_ALPHA2 = Map.copyOf(alpha3);
        NAME_TO_ALPHA2 = Map.copyOf(names);
    }

    private Countries() {
    }

    /** True for an upper-case ISO-3166 alpha-2 code, the canonical form on a lead. */
    public static boolean isAlpha2(String code) {
        return code != null && ALPHA2.contains(code);
    }

    /** The ISO-3166 alpha-2 code for an alpha-2 or alpha-3 code (any case), English name or common alias. */
    public static Optional<String> toAlpha2(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        if (trimmed.length() == 2 || trimmed.length() == 3) {
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (ALPHA2.contains(upper)) {
                return Optional.of(upper);
            }
            String fromAlpha3 = ALPHA3_TO_ALPHA2.get(upper);
            if (fromAlpha3 != null) {
                return Optional.of(fromAlpha3);
            }
        }
        return Optional.ofNullable(NAME_TO_ALPHA2.get(key(trimmed)));
    }

    private static String key(String name) {
        String plain = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        String lower = plain.toLowerCase(Locale.ROOT).replace("&", " and ");
        String words = SEPARATORS.matcher(DROPPED.matcher(lower).replaceAll("")).replaceAll(" ").strip();
        return LEADING_THE.matcher(SAINT.matcher(words).replaceAll("st")).replaceAll("");
    }
}
