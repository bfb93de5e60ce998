package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.api.CrmRosterController;
import io.leadrouter.crm.CrmOwnerLookup;
import io.leadrouter.crm.hubspot.HubSpotOwnerLookup;
import io.leadrouter.crm.hubspot.HubSpotRoster;
import io.leadrouter.crm.hubspot.component.HubSpotComponent;
import io.leadrouter.crm.salesforce.SalesforceOwnerLookup;
import io.leadrouter.crm.salesforce.SalesforceRoster;
import io.leadrouter.distribution.Crms;
import io.leadrouter.distribution.Policy;
import io.leadrouter.ledger.CrmRosters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What decisions learn from the CRMs: the roster sync of each enabled CRM (a rep whose CRM user is not active is never
 * assigned) and, where switched on, sticky owners looked up in the CRM. A disabled CRM is neither synced nor asked.
 */
@Configuration(proxyBeanMethods = false)
public class CrmDirectoryConfiguration {

    @Bean
    CrmRosters crmRosters(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new CrmRosters(jdbc, tx, clock);
    }

    @Bean
    CrmRosterView crmRosterView(CrmRosters rosters, Policy policy, SalesforceProperties salesforce, HubSpotProperties hubspot) {
        List<String> synced = new ArrayList<>();
        if (salesforce.enabled() && salesforce.roster().enabled()) {
            synced.add(Crms.SALESFORCE);
        }
        if (hubspot.enabled() && hubspot.roster().enabled()) {
            synced.add(Crms.HUBSPOT);
        }
        CrmRosterView view = new CrmRosterView(rosters, policy, synced);
        view.reload();
        return view;
    }

    @Bean
    CrmRosterSync crmRosterSync(CrmRosters rosters, CrmRosterView view, CamelContext camel, ProducerTemplate producer,
            ObjectMapper json, SalesforceProperties salesforce, HubSpotProperties hubspot, Clock clock) {
        Map<String, Supplier<CrmRosters.Fetched>> fetchers = new LinkedHashMap<>();
        Map<String, Duration> intervals = new LinkedHashMap<>();
        if (view.crms().contains(Crms.SALESFORCE)) {
            fetchers.put(Crms.SALESFORCE, new SalesforceRoster(producer, json, CrmCallRoutes.SALESFORCE_QUERY,
                    CrmCallRoutes.SALESFORCE_QUERY_MORE)::fetch);
            intervals.put(Crms.SALESFORCE, salesforce.roster().interval());
        }
        if (view.crms().contains(Crms.HUBSPOT)) {
            HubSpotConfiguration.configure(camel.getComponent("hubspot", HubSpotComponent.class), hubspot);
            fetchers.put(Crms.HUBSPOT, new HubSpotRoster(producer, CrmCallRoutes.HUBSPOT_OWNERS)::fetch);
            intervals.put(Crms.HUBSPOT, hubspot.roster().interval());
        }
        return new CrmRosterSync(rosters, view, fetchers, intervals, clock);
    }

    @Bean
    CrmCallRoutes crmCallRoutes(SalesforceProperties salesforce, HubSpotProperties hubspot) {
        return new CrmCallRoutes(salesforce.enabled(), hubspot.enabled());
    }

    @Bean
    CrmRosterController.Rosters crmRosterReport(CrmRosterView view, ProducerTemplate producer) {
        return new CrmRosterController.Rosters() {
            @Override
            public Map<String, Object> report() {
                return view.report();
            }

            @Override
            public void refresh() {
                view.crms().forEach(crm -> producer.sendBodyAndHeader(CrmRosterSync.refreshUri(crm), null, CrmRosterSync.FORCE, true));
            }
        };
    }

    @Bean
    CrmStickyOwners crmStickyOwners(Policy policy, CamelContext camel, ProducerTemplate producer, ObjectMapper json,
            SalesforceProperties salesforce, HubSpotProperties hubspot, LeadLifecycle lifecycle, CrmRosterView roster) {
        Map<String, CrmOwnerLookup> lookups = new LinkedHashMap<>();
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        Duration ttl = Duration.ofMinutes(10);
        int size = 10_000;
        if (salesforce.enabled() && salesforce.ownerLookup().enabled()) {
            lookups.put(Crms.SALESFORCE, new SalesforceOwnerLookup(producer, json, CrmCallRoutes.SALESFORCE_QUERY));
            timeouts.put(Crms.SALESFORCE, salesforce.ownerLookup().timeout());
            ttl = salesforce.ownerLookup().cacheTtl();
            size = salesforce.ownerLookup().cacheSize();
        }
        if (hubspot.enabled() && hubspot.ownerLookup().enabled()) {
            HubSpotConfiguration.configure(camel.getComponent("hubspot", HubSpotComponent.class), hubspot);
            lookups.put(Crms.HUBSPOT, new HubSpotOwnerLookup(producer, CrmCallRoutes.HUBSPOT_SEARCH));
            timeouts.put(Crms.HUBSPOT, hubspot.ownerLookup().timeout());
            ttl = lookups.size() == 1 ? hubspot.ownerLookup().cacheTtl() : ttl;
            size = Math.max(size, hubspot.ownerLookup().cacheSize());
        }
        CrmStickyOwners owners = new CrmStickyOwners(policy, lookups, timeouts, ttl, size,
                camel.getExecutorServiceManager().newFixedThreadPool(this, "crm-owner-lookup", 4));
        lifecycle.consultCrms(roster, owners);
        return owners;
    }
}
