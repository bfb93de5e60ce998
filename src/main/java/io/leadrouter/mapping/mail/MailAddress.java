package io.leadrouter.mapping.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One mailbox from an address header or a forwarded block: the address and the display name, RFC 2047
 * decoded exactly as sent (no Unicode normalization).
 */
record MailAddress(String email, String name) {

    private static final int HEADER_MAX_CHARS = 4_096;
    static final MailAddress NONE = new MailAddress(null, null);

    /** The first mailbox in a header value; tolerant of bare addresses, Outlook's [mailto:…] and junk. */
    static MailAddress parse(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return NONE;
        }
        String value = headerValue.length() > HEADER_MAX_CHARS ? headerValue.substring(0, HEADER_MAX_CHARS) : headerValue;
        value = outlookMailto(value);
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(value, false);
            for (InternetAddress address : addresses) {
                String email = address.getAddress();
                if (email != null && email.indexOf('@') > 0) {
                    return new MailAddress(email.trim(), blankToNull(address.getPersonal()));
                }
            }
        } catch (AddressException | RuntimeException unparsable) {
            // fall through to the plain scan below
        }
        return scan(value);
    }

    /** "Ada Lovelace [mailto:ada@example.com]" → "Ada Lovelace <ada@example.com>". */
    private static String outlookMailto(String value) {
        int start = value.indexOf("[mailto:");
        int end = start < 0 ? -1 : value.indexOf(']', start);
        if (end < 0) {
            return value;
        }
        return value.substring(0, start) + "<" + value.substring(start + 8, end).trim() + ">" + value.substring(end + 1);
    }

    /** Last resort: the first whitespace-delimited token with an '@', and the words before it as the name. */
    private static MailAddress scan(String value) {
        int at = value.indexOf('@');
        if (at < 0) {
            return NONE;
        }
        int start = at;
        while (start > 0 && !isDelimiter(value.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < value.length() && !isDelimiter(value.charAt(end))) {
            end++;
        }
        String email = value.substring(start, end);
        if (email.length() < 3 || email.startsWith("@") || email.endsWith("@")) {
            return NONE;
        }
        String name = value.substring(0, start).replace("\"", "").replace("<", "").replace("(", "").strip();
        return new MailAddress(email, blankToNull(name));
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' || c == ';'
                || c == '[' || c == ']';
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
