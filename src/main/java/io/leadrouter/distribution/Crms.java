package io.leadrouter.distribution;

import java.util.List;

/** The CRM names a policy and a decision may refer to. */
public final class Crms {
    public static final String SALESFORCE = "salesforce";
    public static final String HUBSPOT = "hubspot";
    public static final List<String> ALL = List.of(SALESFORCE, HUBSPOT);

    /** What a rep's id in the CRM is called, for traces: {@code Salesforce user id}, {@code HubSpot owner id}. */
    public static String idWords(String crm) {
        if (SALESFORCE.equals(crm)) {
            return "Salesforce user id";
        }
        return HUBSPOT.equals(crm) ? "HubSpot owner id" : crm + " user id";
    }

    /** The CRM's own name, for traces: {@code Salesforce}, {@code HubSpot}. */
    public static String displayName(String crm) {
        if (SALESFORCE.equals(crm)) {
            return "Salesforce";
        }
        return HUBSPOT.equals(crm) ? "HubSpot" : crm;
    }

    private Crms() {
    }
}
