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
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** The named, pure String→String transforms a mapping file can apply to a value. */
public final class Transforms {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]");
    private static final char NO_BREAK_SPACE = '\u00A0';

    private static final Map<String, UnaryOperator<String>> PURE = Map.ofEntries(
            Map.entry("trim", String::strip),
            Map.entry("lowercase", s -> s.toLowerCase(Locale.ROOT)),
            Map.entry("uppercase", s -> s.toUpperCase(Locale.ROOT)),
            Map.entry("collapse-whitespace", s -> WHITESPACE.matcher(s).replaceAll(" ").strip()),
            Map.entry("digits-only", s -> NON_DIGITS.matcher(s).replaceAll("")),
            Map.entry("title-case", Transforms::titleCase),
            Map.entry("strip-html", Transforms::stripHtml),
            Map.entry("iso-country", s -> Countries.toAlpha2(s).orElse(s)),
            Map.entry("first-name", Names::first),
            Map.entry("last-name", Names::last),
            Map.entry("e164", s -> PhoneNumbers.toE164(s, null).orElse(s)));

    private Transforms() {
    }

    /** Every transform name a mapping file may use, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(PURE.keySet());
    }

    /**
     * The transform with this name. Transforms that cannot normalize a value leave it unchanged for validation to
     * report; {@code e164} formats international numbers only, because a national number is resolved at validation
     * with the lead's own country first and the mapping's {@code defaultRegion} second.
     */
    public static Optional<UnaryOperator<String>> named(String name) {
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

    /**
     * The text of an HTML fragment: tags removed, entities decoded, script and style content dropped, block
     * elements separated by a space. jsoup's parser is linear in the input, unlike tag-matching regexes.
     */
    static String stripHtml(String value) {
        if (value.indexOf('<') < 0 && value.indexOf('&') < 0) {
            return value;
        }
        Document document = Jsoup.parseBodyFragment(value);
        document.select("script, style, template, noscript").remove();
        return document.body().text().replace(NO_BREAK_SPACE, ' ').strip();
    }
}
