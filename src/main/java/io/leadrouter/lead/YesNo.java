package io.leadrouter.lead;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the yes/no answers forms and vendors send (checkboxes, "true", "1", "accepted") as a boolean. */
public final class YesNo {

    private static final Set<String> YES = Set.of("true", "yes", "y", "on", "1", "checked", "accepted");
    private static final Set<String> NO = Set.of("false", "no", "n", "off", "0");

    private YesNo() {
    }

    /** True or false for a recognised answer (case-insensitive, surrounding space ignored); empty otherwise. */
    public static Optional<Boolean> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String answer = raw.strip().toLowerCase(Locale.ROOT);
        if (YES.contains(answer)) {
            return Optional.of(Boolean.TRUE);
        }
        return NO.contains(answer) ? Optional.of(Boolean.FALSE) : Optional.empty();
    }

    /** The recognised answers, for messages: yes words then no words. */
    static String accepted() {
        return "true/yes/on/1/checked/accepted or false/no/off/0";
    }
}
