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
    /** The component's endpoint; callers may route to it through their own endpoint. */
    public static final String OWNERS = "hubspot:ownersList";

    private final ProducerTemplate producer;
    private final String owners;

    /** {@code owners}: an endpoint reaching {@link #OWNERS}. */
    public HubSpotRoster(ProducerTemplate producer, String owners) {
        this.producer = producer;
        this.owners = owners;
    }

    /** Active and archived owners; any failure is thrown. */
    public CrmRosters.Fetched fetch() {
        List<CrmRosters.User> users = new ArrayList<>();
        for (boolean archived : new boolean[] {false, true}) {
            List<?> page = producer.requestBodyAndHeader(owners, null, HubSpotConstants.ARCHIVED, archived, List.class);
            for (Object o : page == null ? List.of() : page) {
                HubSpotOwner owner = (HubSpotOwner) o;
                users.add(new CrmRosters.User(owner.id(), !archived && !owner.archived(), owner.email()));
            }
        }
        return new CrmRosters.Fetched(users, Map.of());
    }
}
