package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.Policy;
import io.leadrouter.ledger.LeadRecords;
import java.net.URI;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the CRM-event sources: what completes and sorts their events after the acknowledgement, and the SOAP answer. */
@Configuration(proxyBeanMethods = false)
public class CrmEventSources {

    /** HubSpot webhooks (source {@code hook-hubspot}): contacts read from {@code leadrouter.crm.hubspot.base-url}. */
    @Bean
    SourceEnricher hubSpotContactEnricher(LeadRecords records, ObjectMapper json,
            @Value("${leadrouter.crm.hubspot.base-url:https://api.hubapi.com}") URI baseUrl,
            @Value("${leadrouter.crm.hubspot.token:}") String token,
            @Value("${leadrouter.crm.hubspot.timeout:10s}") Duration timeout) {
        return new SourceEnricher("hook-hubspot", new HubSpotContactEnricher(baseUrl, token, timeout, records, json));
    }

    /** Salesforce Outbound Messages (source {@code hook-salesforce-outbound}): our own Leads and owner changes are sorted out. */
    @Bean
    SourceEnricher salesforceLeadNotifications(LeadRecords records, Policy policy) {
        return new SourceEnricher("hook-salesforce-outbound", new SalesforceLeadNotifications(records, policy));
    }

    /** Salesforce Lead Change Data Capture (source {@code salesforce-cdc}): new Leads, owner changes, our own writes. */
    @Bean
    SourceEnricher salesforceChangeEvents(LeadRecords records, Policy policy) {
        return new SourceEnricher("salesforce-cdc",
                new SalesforceChangeEvents(records, new SalesforceLeadNotifications(records, policy)));
    }

    /**
     * With {@code salesforce-cdc} on, camel-salesforce logs in while the app starts: its consumers refuse the lazy login
     * the app otherwise uses ({@code camel.component.salesforce.lazy-login}).
     */
    @Bean
    @ConditionalOnProperty(name = "leadrouter.sources.salesforce-cdc.enabled", havingValue = "true")
    CamelContextConfiguration salesforceCdcLogin() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                context.getComponent("salesforce", SalesforceComponent.class).setLazyLogin(false);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /** The read step of the lead-cdc-source kamelet. */
    @Bean
    CdcIntakeEdge leadCdcEdge(ObjectMapper json) {
        return new CdcIntakeEdge(json);
    }

    /** The answer step of the lead-soap-source kamelet. */
    @Bean
    SoapIntakeEdge leadSoapEdge() {
        return new SoapIntakeEdge();
    }
}
