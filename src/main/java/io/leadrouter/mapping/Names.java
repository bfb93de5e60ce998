package io.leadrouter.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a full name into first and last name: the first word is the first name and the rest the last name, so
 * particles ("van der Berg", "de la Cruz") stay with the last name; "Last, First" is read the other way round; a
 * single word is a first name. Characters are kept exactly as written (no Unicode normalization).
 */
final class Names {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Set<String> PARTICLES = Set.of("van", "von", "der", "den", "de", "del", "della", "di",
            "da", "du", "la", "le", "ter", "ten", "dos", "das", "do", "bin", "ibn", "al", "el", "zu", "vom", "zum");

    private Names() {
    }

    /** The first name in a full name, or "" when it has none (e.g. "van Gogh"). */
    static String first(String fullName) {
        return split(fullName)[0];
    }

    /** The last name in a full name, or "" when it has none (a single word). */
    static String last(String fullName) {
        return split(fullName)[1];
    }

    private static String[] split(String fullName) {
        String name = WHITESPACE.matcher(fullName).replaceAll(" ").strip();
        int comma = name.indexOf(',');
        if (comma >= 0) {
            String last = name.substring(0, comma).strip();
            List<String> given = words(name.substring(comma + 1));
            // "Berg, Jan van der": trailing particles of the given part belong to the last name
            int end = given.size();
            while (end > 1 && isParticle(given.get(end - 1))) {
                end--;
            }
            List<String> particles = given.subList(end, given.size());
            String fullLast = particles.isEmpty() ? last : String.join(" ", particles) + " " + last;
            return new String[] {String.join(" ", given.subList(0, end)), fullLast.strip()};
        }
        List<String> words = words(name);
        if (words.isEmpty()) {
            return new String[] {"", ""};
        }
        if (words.size() > 1 && isParticle(words.get(0))) {
            return new String[] {"", name};
        }
        return new String[] {words.get(0), String.join(" ", words.subList(1, words.size()))};
    }

    private static List<String> words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(stripped.split(" ")));
    }

    private static boolean isParticle(String word) {
        return PARTICLES.contains(word.toLowerCase(Locale.ROOT));
    }
}
