package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadrouter.intake.IntakeOutcome;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A source that needs a secret is off until configured, and refuses to start when configured without it. */
class SourceAuthComponentTest {

    private static LeadRouterProperties properties(Map<String, Map<String, String>> sources) {
        return new LeadRouterProperties(null, null, null, null, null, sources);
    }

    @Test
    void unconfiguredSourceStaysOffAndSaysWhatToSet() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("lead-auth", new SourceAuthComponent(properties(Map.of()), Clock.systemUTC()));
            camel.start();
            Endpoint endpoint = camel.getEndpoint("lead-auth:typeform?source=hook-typeform");
            Producer producer = endpoint.createProducer();
            Exchange exchange = new DefaultExchange(camel);
            producer.process(exchange);
            IntakeOutcome.Refused refused = exchange.getMessage().getBody(IntakeOutcome.Refused.class);
            assertThat(refused.refusal()).isEqualTo(IntakeOutcome.Refusal.UNKNOWN_SOURCE);
            assertThat(refused.reasons().get(0).message()).isEqualTo(
                    "source 'hook-typeform' is off: set leadrouter.sources.hook-typeform.secret to turn it on");
        }
    }

    @Test
    void configuredSourceWithoutItsSecretStopsStartUpNamingTheProperty() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("lead-auth", new SourceAuthComponent(
                    properties(Map.of("hook-typeform", Map.of("enabled", "true"))), Clock.systemUTC()));
            camel.start();
            assertThatThrownBy(() -> camel.getEndpoint("lead-auth:typeform?source=hook-typeform"))
                    .hasStackTraceContaining("leadrouter.sources.hook-typeform.<setting>")
                    .hasStackTraceContaining("secret");
        }
    }

    @Test
    void sourcesWithoutSecretsAreAlwaysOn() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("lead-auth", new SourceAuthComponent(properties(Map.of()), Clock.systemUTC()));
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(HttpIntakeEdge.REQUEST_PROPERTY, new io.leadrouter.intake.SourceRequest("POST", "/intake/hook-unbounce", Map.of(), new byte[0]));
            camel.getEndpoint("lead-auth:none?source=hook-unbounce").createProducer().process(exchange);
            assertThat(exchange.getMessage().getBody()).isNull();
        }
    }
}
