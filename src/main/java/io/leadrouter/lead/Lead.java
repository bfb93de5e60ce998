package io.leadrouter.lead;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The canonical lead every source is mapped into; its invariants hold for every instance.
 *
 * <p>Text fields are optional (null when absent) but never blank and are kept exactly as written (no Unicode
 * normalization); {@code email} is lower-case and syntactically valid, {@code phone} is E.164, {@code country} an
 * ISO-3166 alpha-2 code, {@code consent} true, false or null when the source did not say, and a lead can always be
 * contacted (email or phone).
 */
public record Lead(
        String sourceId,
        String email,
        String phone,
        String firstName,
        String lastName,
        String company,
        String title,
        String country,
        String region,
        String city,
        String postalCode,
        String message,
        Boolean consent,
        Map<String, String> attributes) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    public Lead {
        if (sourceId == null || sourceId.isBlank()) {
            throw new IllegalArgumentException("sourceId: required");
        }
        requireNotBlank("email", email);
        requireNotBlank("phone", phone);
        requireNotBlank("firstName", firstName);
        requireNotBlank("lastName", lastName);
        requireNotBlank("company", company);
        requireNotBlank("title", title);
        requireNotBlank("country", country);
        requireNotBlank("region", region);
        requireNotBlank("city", city);
        requireNotBlank("postalCode", postalCode);
        requireNotBlank("message", message);
        if (email == null && phone == null) {
            throw new IllegalArgumentException("email: a lead needs an email address or a phone number");
        }
        if (email != null && !Emails.isCanonical(email)) {
            // never the address itself: this message is stored with rejections and may reach a log
            throw new IllegalArgumentException("email: not a valid, lower-case address");
        }
        if (phone != null && !E164.matcher(phone).matches()) {
            throw new IllegalArgumentException("phone: not in E.164 form (+ country code and digits, e.g. +14155550123)");
        }
        if (country != null && !Countries.isAlpha2(country)) {
            throw new IllegalArgumentException("country: not an ISO-3166 alpha-2 code: " + country);
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A lead without region, city, postal code and consent, as sources that do not send them produce it. */
    public Lead(String sourceId, String email, String phone, String firstName, String lastName, String company,
            String title, String country, String message, Map<String, String> attributes) {
        this(sourceId, email, phone, firstName, lastName, company, title, country, null, null, null, message, null,
                attributes);
    }

    private static void requireNotBlank(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + ": blank; use null for an absent value");
        }
    }

    /** Masks personal data (see {@link LeadField#mask}) so a lead can be logged. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Lead[sourceId=").append(sourceId);
        for (LeadField f : LeadField.values()) {
            String value = field(f);
            if (value != null) {
                text.append(", ").append(f.externalName()).append('=').append(f.mask(value));
            }
        }
        if (consent != null) {
            text.append(", consent=").append(consent);
        }
        return text.append(", attributes=").append(attributes.keySet()).append(']').toString();
    }

    /** The value of a canonical field by name, for rules and mappings that address fields by name. */
    public String field(LeadField field) {
        Objects.requireNonNull(field, "field");
        return switch (field) {
            case EMAIL -> email;
            case PHONE -> phone;
            case FIRST_NAME -> firstName;
            case LAST_NAME -> lastName;
            case COMPANY -> company;
            case TITLE -> title;
            case COUNTRY -> country;
            case REGION -> region;
            case CITY -> city;
            case POSTAL_CODE -> postalCode;
            case MESSAGE -> message;
        };
    }
}
