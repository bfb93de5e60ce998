package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.api.DeadLetterController;
import io.leadrouter.crm.CrmFieldMap;
import io.leadrouter.crm.salesforce.SalesforceLeadWriter;
import io.leadrouter.ledger.DeadLetters;
import io.leadrouter.ledger.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CRM write-back. Salesforce is on only with {@code leadrouter.crm.salesforce.enabled=true}; off, leads are still
 * decided and their writes wait in the outbox, visible as PENDING. Paused writers show in health ({@code crm}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SalesforceProperties.class, HubSpotProperties.class})
public class SalesforceConfiguration {
    static final String SALESFORCE_WRITER = "salesforce-writer";

    @Bean
    Outbox salesforceOutbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, SalesforceProperties properties,
            WriteBackMetrics metrics) {
        Outbox outbox = new Outbox(jdbc, tx, clock, properties.maxAttempts(), properties.lease(), properties.probeInterval());
        outbox.listener(metrics);
        outbox.maxRetryDelay(properties.maxRetryDelay());
        return outbox;
    }

    /** Write-back meters ({@code leadrouter.crm.*}) in the application's Micrometer registry. */
    @Bean
    WriteBackMetrics writeBackMetrics(org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
        return new WriteBackMetrics(registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean
    org.springframework.beans.factory.SmartInitializingSingleton writeBackGauges(WriteBackMetrics metrics, Outbox salesforceOutbox,
            CrmCircuits circuits) {
        return () -> metrics.gauges(List.of("salesforce", "hubspot"), salesforceOutbox, circuits::states);
    }

    /** The Lead field mapping, checked at every start (also while write-back is off): a mistake stops the start. */
    @Bean
    CrmFieldMap salesforceFields(SalesforceProperties properties) {
        return SalesforceLeadWriter.fieldMap("leadrouter.crm.salesforce.fields", properties.fields(), properties.externalIdField());
    }

    @Bean
    @Qualifier("salesforceWriter")
    @ConditionalOnProperty(name = "leadrouter.crm.salesforce.enabled", havingValue = "true")
    LedgerStage salesforceWriter(LedgerPollComponent stages, ProducerTemplate producer, ObjectMapper json, Outbox salesforceOutbox, SalesforceProperties properties,
            CrmCircuits circuits, CrmFieldMap salesforceFields, WriteBackMetrics metrics,
            @Value("${camel.component.salesforce.api-version:59.0}") String apiVersion) {
        GuardedWriter writer = circuits.register("salesforce", new GuardedWriter("salesforce", new SalesforceLeadWriter(producer, json,
                apiVersion, properties.externalIdField(), properties.retryDelay(), properties.limitBackoff(), salesforceFields), properties.callsPerSecond(),
                Duration.ofSeconds(5), properties.circuitOpenFor(), properties.retryDelay()).metrics(metrics));
        // a full batch leased: a second writer thread may lease the next one while this call is in flight
        return new LedgerStage(SALESFORCE_WRITER, () -> salesforceOutbox.drain("salesforce", writer.batchSize(properties.batchSize()), writer,
                        () -> stages.wake(SALESFORCE_WRITER)),
                properties.pollInterval(), properties.linger(), properties.batchSize(), properties.concurrency());
    }

    @Bean
    CrmWriters crmWriters(LedgerPollComponent stages, @Value("${leadrouter.crm.salesforce.enabled:false}") boolean salesforce,
            @Value("${leadrouter.crm.hubspot.enabled:false}") boolean hubspot) {
        List<String> writers = new java.util.ArrayList<>();
        if (salesforce) {
            writers.add(SALESFORCE_WRITER);
        }
        if (hubspot) {
            writers.add(HubSpotConfiguration.HUBSPOT_WRITER);
        }
        return new CrmWriters(stages, writers);
    }

    @Bean
    DeadLetters deadLetters(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new DeadLetters(jdbc, tx, clock);
    }

    @Bean
    CrmCircuits crmCircuits() {
        return new CrmCircuits();
    }

    @Bean
    DeadLetterController.CrmWakeUp crmWakeUp(CrmWriters writers) {
        return writers::wakeAll;
    }

    /**
     * {@code crm} in health: DOWN with the reason while a CRM's writer is paused or stopped by the CRM's API limit
     * ({@code <crm>Paused} / {@code <crm>Limited} with since, reason and when it tries again); outbox depth per CRM.
     */
    @Bean
    HealthIndicator crmHealthIndicator(Outbox salesforceOutbox, SalesforceProperties properties, HubSpotProperties hubspot) {
        return () -> {
            Map<String, Outbox.Pause> pauses = salesforceOutbox.pauses();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("salesforce", crmDetail(properties.enabled(), salesforceOutbox.depth("salesforce"), pauses.get("salesforce")));
            details.put("hubspot", crmDetail(hubspot.enabled(), salesforceOutbox.depth("hubspot"), pauses.get("hubspot")));
            pauses.forEach((crm, pause) -> details.put(crm + (pause.limited() ? "Limited" : "Paused"), Map.of("since",
                    pause.since().toString(), "reason", pause.reason(), "nextProbe", pause.nextProbe().toString())));
            return (pauses.isEmpty() ? Health.up() : Health.down()).withDetails(details).build();
        };
    }

    private static Map<String, Object> crmDetail(boolean enabled, int outbox, Outbox.Pause pause) {
        return Map.of("enabled", enabled, "outbox", outbox, "paused", pause != null && !pause.limited(),
                "limited", pause != null && pause.limited());
    }
}
