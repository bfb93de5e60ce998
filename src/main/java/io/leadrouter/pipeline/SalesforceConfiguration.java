package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.crm.salesforce.SalesforceLeadWriter;
import io.leadrouter.ledger.Outbox;
import io.leadrouter.ledger.QueueWorker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Salesforce write-back, on only with {@code leadrouter.crm.salesforce.enabled=true}; off, leads are still
 * decided and their writes wait in the outbox, visible as PENDING.
 */
@Configuration(proxyBeanMethods = false)
public class SalesforceConfiguration {

    @Bean
    @Qualifier("salesforceWriter")
    @ConditionalOnProperty(name = "leadrouter.crm.salesforce.enabled", havingValue = "true")
    QueueWorker salesforceWriter(ProducerTemplate producer, ObjectMapper json, JdbcTemplate jdbc, TransactionTemplate tx, Clock clock,
            @Value("${camel.component.salesforce.api-version:59.0}") String apiVersion,
            @Value("${leadrouter.crm.salesforce.external-id-field:LeadRouter_Id__c}") String externalIdField,
            @Value("${leadrouter.crm.salesforce.batch-size:200}") int batchSize,
            @Value("${leadrouter.crm.salesforce.max-attempts:10}") int maxAttempts,
            @Value("${leadrouter.crm.salesforce.retry-delay:PT30S}") Duration retryDelay,
            @Value("${leadrouter.crm.salesforce.poll-interval:PT1S}") Duration pollInterval) {
        Outbox outbox = new Outbox(jdbc, tx, clock, maxAttempts);
        SalesforceLeadWriter writer = new SalesforceLeadWriter(producer, json, apiVersion, externalIdField, retryDelay);
        int batch = Math.min(batchSize, SalesforceLeadWriter.MAX_BATCH);
        return new QueueWorker("salesforce-writer", () -> outbox.drain("salesforce", batch, writer), pollInterval);
    }

    @Bean
    CrmWriters crmWriters(@Qualifier("salesforceWriter") Optional<QueueWorker> salesforceWriter) {
        return new CrmWriters(salesforceWriter.stream().toList());
    }
}
