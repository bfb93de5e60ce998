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
    MESSAGE("message");

    private final String externalName;

    LeadField(String externalName) {
        this.externalName = externalName;
    }

    /** The name used in mapping files, policy rules and JSON. */
    public String externalName() {
        return externalName;
    }

    public static Optional<LeadField> fromName(String name) {
        return Arrays.stream(values()).filter(f -> f.externalName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(LeadField::externalName).toList();
    }
}
