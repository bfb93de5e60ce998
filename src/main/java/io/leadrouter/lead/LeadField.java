package io.leadrouter.lead;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The canonical lead fields a mapping can fill and a rule can match, by their external names. */
public enum LeadField {
    EMAIL("email"),
    PHONE("phone"),
    FIRST_NAME("firstName"),
    LAST_NAME("lastName"),
    COMPANY("company"),
    TITLE("title"),
    COUNTRY("country"),
    REGION("region"),
    CITY("city"),
    POSTAL_CODE("postalCode"),
    MESSAGE("message");

    private final String externalName;

    LeadField(String externalName) {
        this.externalName = externalName;
    }

    /** The name used in mapping files, policy rules and JSON. */
    public String externalName() {
        return externalName;
    }

    /**
     * The value as logs and traces may show it: email keeps only its domain, phone its first three characters and
     * postal code its first two (the area, not the street); names, city and message are hidden; company, title,
     * country and region are not personal and stay.
     */
    public String mask(String value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case EMAIL -> "***" + value.substring(Math.max(0, value.lastIndexOf('@')));
            case PHONE -> value.substring(0, Math.min(3, value.length())) + "***";
            case POSTAL_CODE -> value.substring(0, Math.min(2, value.length())) + "***";
            case FIRST_NAME, LAST_NAME, CITY, MESSAGE -> "***";
            case COMPANY, TITLE, COUNTRY, REGION -> value;
        };
    }

    public static Optional<LeadField> fromName(String name) {
        return Arrays.stream(values()).filter(f -> f.externalName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(LeadField::externalName).toList();
    }
}
