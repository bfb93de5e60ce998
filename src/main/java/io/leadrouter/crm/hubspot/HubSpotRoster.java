package io.leadrouter.crm.hubspot;

import io.leadrouter.crm.hubspot.component.HubSpotConstants;
import io.leadrouter.crm.hubspot.component.HubSpotOwner;
import io.leadrouter.ledger.CrmRosters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/**
 * Fetches HubSpot's owners through the {@code hubspot:ownersList} operation (every page): the active ones, then the
 * archived ones, which may no longer own records.
 */
public class HubSpotRoster {
    static final String OWNERS = "hubspot:ownersList";

    private final ProducerTemplate producer;

    public HubSpotRoster(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Active and archived owners; any failure is thrown. */
    public CrmRosters.Fetched fetch() {
        List<CrmRosters.User> users = new ArrayList<>();
        for (boolean archived : new boolean[] {false, true}) {
            List<?> owners = producer.requestBodyAndHeader(OWNERS, null, HubSpotConstants.ARCHIVED, archived, List.class);
            for (Object o : owners == null ? List.of() : owners) {
                HubSpotOwner owner = (HubSpotOwner) o;
                users.add(new CrmRosters.User(owner.id(), !archived && !owner.archived(), owner.email()));
            }
        }
        return new CrmRosters.Fetched(users, Map.of());
    }
}
