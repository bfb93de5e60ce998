package io.leadrouter.lead;

/** Email address syntax checks and canonical form (placeholder until the normalizer lands). */
public final class Emails {
    private Emails() {
    }

    /** True when the address is already in canonical form. */
    public static boolean isCanonical(String email) {
        return email != null && email.equals(email.strip().toLowerCase(java.util.Locale.ROOT)) && email.indexOf('@') > 0;
    }
}
