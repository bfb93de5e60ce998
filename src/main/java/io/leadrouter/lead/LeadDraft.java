package io.leadrouter.lead;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Collects the raw fields of one submission and turns them into a validated {@link Lead}; not thread-safe. */
public final class LeadDraft {

    private static final int MAX_ECHOED_LENGTH = 80;

    private final String sourceId;
    private final String defaultRegion;
    private final Map<LeadField, String> fields = new EnumMap<>(LeadField.class);
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<FieldViolation> violations = new ArrayList<>();
    private String rawConsent;

    /**
     * A draft for {@code sourceId}; {@code defaultRegion} (ISO-3166 alpha-2, may be null) is the region of
     * phone numbers written without a country code when the lead's own country does not make them valid.
     */
    public LeadDraft(String sourceId, String defaultRegion) {
        if (sourceId == null || sourceId.isBlank()) {
            throw new IllegalArgumentException("sourceId: required");
        }
        this.sourceId = sourceId;
        this.defaultRegion = defaultRegion;
    }

    /** Sets a field from its raw value; null or blank means absent. */
    public LeadDraft put(LeadField field, String raw) {
        Objects.requireNonNull(field, "field");
        if (raw == null || raw.isBlank()) {
            fields.remove(field);
        } else {
            fields.put(field, raw);
        }
        return this;
    }

    /**
     * Sets the consent answer from its raw text: true/yes/on/1/checked/accepted or false/no/off/0 (any case); null
     * or blank means the source did not say, anything else is a violation on {@code consent}.
     */
    public LeadDraft consent(String raw) {
        rawConsent = raw == null || raw.isBlank() ? null : raw;
        return this;
    }

    /** Keeps a free-form extra on the lead; a null or blank value means absent. */
    public LeadDraft attribute(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null || value.isBlank()) {
            attributes.remove(name);
        } else {
            attributes.put(name, value.strip());
        }
        return this;
    }

    /** Records a problem found before validation, such as a required field missing from the submission. */
    public LeadDraft violation(String field, String message) {
        violations.add(new FieldViolation(field, message));
        return this;
    }

    /** Normalizes every field and returns the lead, or every problem found; never throws for bad input. */
    public LeadValidation build() {
        List<FieldViolation> problems = new ArrayList<>(violations);
        String rawEmail = fields.get(LeadField.EMAIL);
        String rawPhone = fields.get(LeadField.PHONE);
        String rawCountry = fields.get(LeadField.COUNTRY);

        String email = normalized(rawEmail, Emails.normalize(rawEmail), problems, "email",
                () -> "'%s' is not a valid email address");
        List<FieldViolation> countryProblems = new ArrayList<>();
        String country = normalized(rawCountry, Countries.toAlpha2(rawCountry), countryProblems, "country",
                () -> "'%s' is not a known country name or ISO-3166 code");
        String phone = normalized(rawPhone, phoneE164(rawPhone, country), problems, "phone",
                () -> phoneMessage(country));
        problems.addAll(countryProblems);
        Boolean consent = normalized(rawConsent, YesNo.parse(rawConsent), problems, "consent",
                () -> "'%s' is not a yes/no answer; send " + YesNo.accepted() + ", or nothing when not asked");
        if (rawEmail == null && rawPhone == null && problems.stream().noneMatch(p -> isContactField(p.field()))) {
            problems.add(new FieldViolation("email", "a lead needs an email address or a phone number"));
        }
        if (!problems.isEmpty()) {
            return LeadValidation.invalid(problems);
        }
        try {
            return LeadValidation.valid(new Lead(sourceId, email, phone, trimmed(LeadField.FIRST_NAME),
                    trimmed(LeadField.LAST_NAME), trimmed(LeadField.COMPANY), trimmed(LeadField.TITLE), country,
                    trimmed(LeadField.REGION), trimmed(LeadField.CITY), trimmed(LeadField.POSTAL_CODE),
                    trimmed(LeadField.MESSAGE), consent, attributes));
        } catch (IllegalArgumentException e) {
            return LeadValidation.invalid(List.of(violationOf(e.getMessage())));
        }
    }

    /** A national number is read in the lead's own country first, then in the source's default region. */
    private Optional<String> phoneE164(String raw, String country) {
        Optional<String> inCountry = country == null ? Optional.empty() : PhoneNumbers.toE164(raw, country);
        return inCountry.isPresent() ? inCountry : PhoneNumbers.toE164(raw, defaultRegion);
    }

    private String phoneMessage(String country) {
        List<String> regions = new ArrayList<>();
        if (country != null) {
            regions.add(country);
        }
        if (defaultRegion != null && !regions.contains(defaultRegion)) {
            regions.add(defaultRegion);
        }
        String region = regions.isEmpty() ? "" : " for region " + String.join(" or ", regions);
        return "'%s' is not a valid phone number" + region + "; give it in international form, e.g. "
                + PhoneNumbers.exampleFor(regions.isEmpty() ? null : regions.get(0));
    }

    private static boolean isContactField(String field) {
        return "email".equals(field) || "phone".equals(field);
    }

    private static <T> T normalized(String raw, Optional<T> normalized, List<FieldViolation> problems,
            String field, Supplier<String> messageFormat) {
        if (raw == null) {
            return null;
        }
        if (normalized.isEmpty()) {
            problems.add(new FieldViolation(field, String.format(messageFormat.get(), echo(raw))));
            return null;
        }
        return normalized.get();
    }

    private String trimmed(LeadField field) {
        String value = fields.get(field);
        return value == null ? null : value.strip();
    }

    /** Quotes untrusted input safely: single line, bounded length. */
    private static String echo(String raw) {
        String oneLine = raw.strip().replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= MAX_ECHOED_LENGTH ? oneLine : oneLine.substring(0, MAX_ECHOED_LENGTH) + "…";
    }

    private static FieldViolation violationOf(String invariantMessage) {
        int colon = invariantMessage == null ? -1 : invariantMessage.indexOf(':');
        if (colon <= 0) {
            return new FieldViolation("lead", String.valueOf(invariantMessage));
        }
        return new FieldViolation(invariantMessage.substring(0, colon), invariantMessage.substring(colon + 1).strip());
    }
}
