package io.leadrouter.pipeline;

import io.leadrouter.crm.hubspot.HubSpotOwnerLookup;
import io.leadrouter.crm.hubspot.HubSpotRoster;
import io.leadrouter.crm.salesforce.SalesforceRoster;
import org.apache.camel.builder.RouteBuilder;

/**
 * The CRM reads of roster sync and owner lookup as routes with ids ({@code salesforce-query}, {@code hubspot-owners}…),
 * for route metrics, and so their CRM endpoints start with the routes rather than on a first call made while the
 * context is still starting (a hubspot: endpoint first used then stayed unstarted).
 */
public class CrmCallRoutes extends RouteBuilder {
    static final String SALESFORCE_QUERY = "direct:salesforce-query";
    static final String SALESFORCE_QUERY_MORE = "direct:salesforce-query-more";
    static final String HUBSPOT_OWNERS = "direct:hubspot-owners";
    static final String HUBSPOT_SEARCH = "direct:hubspot-search";

    private final boolean salesforce;
    private final boolean hubspot;

    /** Routes only for the CRMs that are enabled. */
    public CrmCallRoutes(boolean salesforce, boolean hubspot) {
        this.salesforce = salesforce;
        this.hubspot = hubspot;
    }

    @Override
    public void configure() {
        // A failed read goes back to its caller (roster sync, owner lookup), which handles and logs it once: Camel's
        // error handler would log each failure again with a full stack trace.
        errorHandler(noErrorHandler());
        if (salesforce) {
            from(SALESFORCE_QUERY).routeId("salesforce-query").to(SalesforceRoster.QUERY);
            from(SALESFORCE_QUERY_MORE).routeId("salesforce-query-more").to(SalesforceRoster.QUERY_MORE);
        }
        if (hubspot) {
            from(HUBSPOT_OWNERS).routeId("hubspot-owners").to(HubSpotRoster.OWNERS);
            from(HUBSPOT_SEARCH).routeId("hubspot-search").to(HubSpotOwnerLookup.SEARCH);
        }
    }
}
