package io.leadrouter.pipeline;

import java.util.regex.Pattern;

/**
 * Masks email addresses and phone numbers in text bound for the log. The log should never be given personal data in
 * the first place (leads are logged by id); this is the net for what slips through (a library's exception message, a
 * CRM's error text). Each pattern only starts a match at a word boundary, so a long line costs linear time.
 */
public final class PersonalDataMask {
    static final String EMAIL_MASK = "***@***";
    static final String PHONE_MASK = "+***";
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}+@[A-Za-z0-9-]{1,63}+(?:\\.[A-Za-z0-9-]{1,63}+)*\\.[A-Za-z]{2,24}+(?![A-Za-z0-9-])");
    /** International (+ and 7 to 15 digits, spaces, dots, dashes or brackets between them) or a North American 3-3-4 number. */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])\\+[0-9](?:[ ().-]{0,2}[0-9]){6,14}+(?![0-9])"
                    + "|(?<![\\w(.-])\\(?[0-9]{3}\\)?[ .-][0-9]{3}[ .-][0-9]{4}(?![\\w-])");

    private PersonalDataMask() {
    }

    /** The text with every email address and phone number replaced by a mask. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text.indexOf('@') >= 0 ? EMAIL.matcher(text).replaceAll(EMAIL_MASK) : text;
        return hasDigitRun(masked) ? PHONE.matcher(masked).replaceAll(PHONE_MASK) : masked;
    }

    /** Cheap pre-check: a phone number needs at least seven digits. */
    private static boolean hasDigitRun(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && ++digits >= 7) {
                return true;
            }
        }
        return false;
    }
}
