package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.crm.CrmFieldMap;
import io.leadrouter.crm.hubspot.HubSpotLeadWriter;
import io.leadrouter.crm.hubspot.component.HubSpotComponent;
import io.leadrouter.ledger.Outbox;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HubSpot write-back, on only with {@code leadrouter.crm.hubspot.enabled=true}: the {@code hubspot:} component gets
 * the connection (so no secret is in an endpoint URI) and the {@code hubspot-writer} stage drains HubSpot's outbox.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubSpotProperties.class)
public class HubSpotConfiguration {
    static final String HUBSPOT_WRITER = "hubspot-writer";

    /** The contact property mapping, checked at every start (also while HubSpot is off): a mistake stops the start. */
    @Bean
    CrmFieldMap hubspotFields(HubSpotProperties properties) {
        return HubSpotLeadWriter.fieldMap("leadrouter.crm.hubspot.fields", properties.fields(), properties.leadIdProperty());
    }

    @Bean
    @Qualifier("hubspotWriter")
    @ConditionalOnProperty(name = "leadrouter.crm.hubspot.enabled", havingValue = "true")
    LedgerStage hubspotWriter(CamelContext camel, ProducerTemplate producer, ObjectMapper json, JdbcTemplate jdbc,
            TransactionTemplate tx, Clock clock, HubSpotProperties properties, CrmCircuits circuits, CrmFieldMap hubspotFields,
            WriteBackMetrics metrics) {
        configure(camel.getComponent("hubspot", HubSpotComponent.class), properties);
        Outbox outbox = new Outbox(jdbc, tx, clock, properties.maxAttempts(), properties.lease(), properties.probeInterval());
        outbox.listener(metrics);
        outbox.maxRetryDelay(properties.maxRetryDelay());
        // HubSpot's own limit is 100-190 requests per 10 s per app; the component also honours 429s itself.
        GuardedWriter writer = circuits.register("hubspot", new GuardedWriter("hubspot", new HubSpotLeadWriter(producer, json,
                properties.leadIdProperty(), properties.retryDelay(), clock, hubspotFields), properties.callsPerSecond(), java.time.Duration.ofSeconds(5),
                properties.circuitOpenFor(), properties.retryDelay()).metrics(metrics));
        return new LedgerStage(HUBSPOT_WRITER, () -> outbox.drain("hubspot", writer.batchSize(properties.batchSize()), writer),
                properties.pollInterval(), properties.linger(), properties.batchSize());
    }

    /** Gives the hubspot: component the connection settings (idempotent: the writer, roster and lookups all call it). */
    static void configure(HubSpotComponent component, HubSpotProperties properties) {
        io.leadrouter.crm.hubspot.component.HubSpotConfiguration connection = component.getConfiguration();
        connection.setBaseUrl(properties.baseUrl());
        connection.setRequestTimeout((int) properties.timeout().toMillis());
        if (properties.usesOAuth()) {
            connection.setClientId(properties.clientId());
            connection.setClientSecret(properties.clientSecret());
            connection.setRefreshToken(properties.refreshToken());
        } else {
            connection.setAccessToken(properties.token());
        }
    }
}
