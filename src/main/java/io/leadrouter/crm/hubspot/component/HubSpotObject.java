package io.leadrouter.crm.hubspot.component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A CRM record as HubSpot returns it: its id and its properties (HubSpot sends every value as a string or null). */
public record HubSpotObject(String id, Map<String, String> properties, boolean archived) {

    public HubSpotObject {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
