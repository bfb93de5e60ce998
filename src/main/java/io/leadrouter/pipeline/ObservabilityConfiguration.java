package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.Policy;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.mapping.MappingCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires {@link LeadMetrics} into the inbox (leads and rejections), the intake sink (request outcomes) and the lead
 * lifecycle (decisions, SLA breaches), and registers the queue gauges. Camel's route metrics come from
 * camel-micrometer-starter; everything is exported at {@code /actuator/prometheus}.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    LeadMetrics leadMetrics(MeterRegistry registry, ObjectMapper json, MappingCatalog mappings, Inbox inbox, IntakeSink leadIntake,
            LeadLifecycle lifecycle, Policy policy, LeadLedger ledger, Clock clock) {
        LeadMetrics metrics = new LeadMetrics(registry, json, mappings.sourceIds());
        inbox.listen(metrics);
        leadIntake.measureWith(metrics);
        lifecycle.measureWith(metrics);
        metrics.watchQueues(policy.queues(), ledger, clock);
        return metrics;
    }
}
