package io.leadrouter.mapping;

import io.leadrouter.lead.Countries;
import io.leadrouter.lead.PhoneNumbers;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** The named, pure String→String transforms a mapping file can apply to a value. */
public final class Transforms {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]");
    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("<(script|style)\\b[^>]*>.*?</\\1\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Map<String, String> ENTITIES = Map.of(
            "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&apos;", "'", "&nbsp;", " ");

    private static final Map<String, UnaryOperator<String>> PURE = Map.of(
            "trim", String::strip,
            "lowercase", s -> s.toLowerCase(Locale.ROOT),
            "uppercase", s -> s.toUpperCase(Locale.ROOT),
            "collapse-whitespace", s -> WHITESPACE.matcher(s).replaceAll(" ").strip(),
            "digits-only", s -> NON_DIGITS.matcher(s).replaceAll(""),
            "title-case", Transforms::titleCase,
            "strip-html", Transforms::stripHtml,
            "iso-country", s -> Countries.toAlpha2(s).orElse(s));

    private static final String E164 = "e164";

    private Transforms() {
    }

    /** Every transform name a mapping file may use, sorted. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>(PURE.keySet());
        names.add(E164);
        return names;
    }

    /**
     * The transform with this name; {@code defaultRegion} (may be null) is the region {@code e164} reads
     * national numbers in. Transforms that cannot normalize a value leave it unchanged for validation to report.
     */
    public static Optional<UnaryOperator<String>> named(String name, String defaultRegion) {
        if (E164.equals(name)) {
            return Optional.of(s -> PhoneNumbers.toE164(s, defaultRegion).orElse(s));
        }
        return Optional.ofNullable(PURE.get(name));
    }

    static String titleCase(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean wordStart = true;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            out.appendCodePoint(wordStart ? Character.toTitleCase(cp) : Character.toLowerCase(cp));
            wordStart = Character.isWhitespace(cp) || cp == '-';
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static String stripHtml(String value) {
        if (value.indexOf('<') < 0 && value.indexOf('&') < 0) {
            return value;
        }
        String text = TAG.matcher(SCRIPT_OR_STYLE.matcher(value).replaceAll("")).replaceAll("");
        for (Map.Entry<String, String> entity : ENTITIES.entrySet()) {
            text = text.replace(entity.getKey(), entity.getValue());
        }
        return text.replace("&amp;", "&");
    }
}
