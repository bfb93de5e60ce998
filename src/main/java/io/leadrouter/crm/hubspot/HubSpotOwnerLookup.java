package io.leadrouter.crm.hubspot;

import io.leadrouter.crm.CrmOwnerLookup;
import io.leadrouter.crm.hubspot.component.HubSpotConstants;
import io.leadrouter.crm.hubspot.component.HubSpotObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;

/**
 * Owners in HubSpot through the {@code hubspot:search} operation: the contact with the email, or the company with the
 * domain, and its {@code hubspot_owner_id} (an owner id, as the roster and the policy hold them).
 */
public class HubSpotOwnerLookup implements CrmOwnerLookup {
    /** The component's endpoint; callers may route to it through their own endpoint. */
    public static final String SEARCH = "hubspot:search";
    private static final String OWNER = "hubspot_owner_id";

    private final ProducerTemplate producer;
    private final String search;

    /** {@code search}: an endpoint reaching {@link #SEARCH}. */
    public HubSpotOwnerLookup(ProducerTemplate producer, String search) {
        this.producer = producer;
        this.search = search;
    }

    @Override
    public Optional<RecordOwner> byEmail(String email) {
        return first("contacts", "contact", "email", email);
    }

    @Override
    public Optional<RecordOwner> byDomain(String domain) {
        return first("companies", "company", "domain", domain);
    }

    private Optional<RecordOwner> first(String objectType, String words, String property, String value) {
        Map<String, Object> request = Map.of(
                "filterGroups", List.of(Map.of("filters", List.of(Map.of("propertyName", property, "operator", "EQ", "value", value)))),
                "properties", List.of(OWNER),
                "sorts", List.of(Map.of("propertyName", "lastmodifieddate", "direction", "DESCENDING")),
                "limit", 1);
        List<?> found = producer.requestBodyAndHeader(search, request, HubSpotConstants.OBJECT_TYPE, objectType, List.class);
        if (found == null || found.isEmpty()) {
            return Optional.empty();
        }
        HubSpotObject record = (HubSpotObject) found.get(0);
        String owner = record.properties().get(OWNER);
        return owner == null || owner.isBlank() ? Optional.empty() : Optional.of(new RecordOwner(owner, words + " " + record.id()));
    }
}
