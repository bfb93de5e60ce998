package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The write-back's rare-event counters exist at 0 per CRM from registration, so increase() sees their first event. */
class WriteBackMetricsTest {

    @Test
    void deadLetterAndLimitCountersStartAtZeroPerCrm() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new WriteBackMetrics(registry).gauges(List.of("salesforce", "hubspot"), null, Map::of);

        for (String crm : List.of("salesforce", "hubspot")) {
            for (String name : List.of("leadrouter.crm.dead.letters", "leadrouter.crm.rate.limited")) {
                Counter counter = registry.find(name).tag("crm", crm).counter();
                assertThat(counter).as(name + " for " + crm).isNotNull();
                assertThat(counter.count()).isZero();
            }
        }
    }
}
