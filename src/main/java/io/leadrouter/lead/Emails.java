package io.leadrouter.lead;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Email address syntax checks (a pragmatic RFC 5322 subset) and the canonical, lower-case form. */
public final class Emails {

    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_LABEL_LENGTH = 63;

    private static final String ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL_PART = Pattern.compile(ATEXT + "(?:\\." + ATEXT + ")*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern TOP_LEVEL_LABEL = Pattern.compile("[a-z][a-z0-9-]*[a-z0-9]");

    private Emails() {
    }

    /** The canonical form (trimmed, lower-cased) of a syntactically valid address, or empty. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String candidate = raw.strip().toLowerCase(Locale.ROOT);
        return isValidCanonicalSyntax(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** True when the address is valid and already in canonical form. */
    public static boolean isCanonical(String email) {
        return email != null && isValidCanonicalSyntax(email);
    }

    private static boolean isValidCanonicalSyntax(String email) {
        if (email.isEmpty() || email.length() > MAX_LENGTH) {
            return false;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at > MAX_LOCAL_LENGTH || at == email.length() - 1) {
            return false;
        }
        return LOCAL_PART.matcher(email.substring(0, at)).matches() && isValidDomain(email.substring(at + 1));
    }

    private static boolean isValidDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || !LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return TOP_LEVEL_LABEL.matcher(labels[labels.length - 1]).matches();
    }
}
