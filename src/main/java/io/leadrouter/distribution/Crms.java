package io.leadrouter.distribution;

import java.util.List;

/** The CRM names a policy and a decision may refer to. */
public final class Crms {
    public static final String SALESFORCE = "salesforce";
    public static final String HUBSPOT = "hubspot";
    public static final List<String> ALL = List.of(SALESFORCE, HUBSPOT);

    private Crms() {
    }
}
