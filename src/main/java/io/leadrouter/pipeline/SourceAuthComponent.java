package io.leadrouter.pipeline;

import io.leadrouter.intake.Authenticities;
import io.leadrouter.intake.Authenticity;
import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.SourceRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * Camel component {@code lead-auth:<scheme>?source=<id>}: checks that a webhook request is authentic before anything
 * is stored. The endpoint is built when the route starts, so a source whose required secret is missing stops the
 * application at start-up naming the property ({@code leadrouter.sources.<id>.<setting>}); a source given no settings
 * at all stays off (404 naming what to set), so a first run needs no secrets. An unauthentic request leaves a
 * refusal as the body: nothing is stored and the source answers 401.
 */
public class SourceAuthComponent extends DefaultComponent {
    private static final Logger LOG = LoggerFactory.getLogger(SourceAuthComponent.class);
    private final LeadRouterProperties properties;
    private final Clock clock;

    public SourceAuthComponent(LeadRouterProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String sourceId = String.valueOf(parameters.remove("source"));
        String scheme = remaining;
        Authenticity authenticity;
        List<String> required = Authenticities.requiredSettings(scheme);
        if (!required.isEmpty() && !properties.sourceConfigured(sourceId)) {
            String hint = "source '" + sourceId + "' is off: set " + required.stream().map(r -> "leadrouter.sources." + sourceId + "." + r)
                    .collect(Collectors.joining(", ")) + " to turn it on";
            LOG.info("{}", hint);
            return new AuthEndpoint(uri, this, null, hint);
        }
        try {
            for (String setting : Authenticities.requiredSettings(scheme)) {
                if (properties.sourceSetting(sourceId, setting) == null) {
                    throw new IllegalArgumentException("setting '" + setting + "' is required");
                }
            }
            authenticity = Authenticities.of(scheme, setting -> properties.sourceSetting(sourceId, setting), clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("source '" + sourceId + "' cannot start: " + e.getMessage() + " — set property leadrouter.sources."
                    + sourceId + ".<setting> (command line, environment or a mounted Secret) for scheme '" + scheme + "' (needs "
                    + Authenticities.requiredSettings(scheme) + ")", e);
        }
        return new AuthEndpoint(uri, this, authenticity, null);
    }

    private static final class AuthEndpoint extends DefaultEndpoint {
        private final Authenticity authenticity;
        private final String off;

        AuthEndpoint(String uri, SourceAuthComponent component, Authenticity authenticity, String off) {
            super(uri, component);
            this.authenticity = authenticity;
            this.off = off;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    if (exchange.getMessage().getBody() instanceof IntakeOutcome) {
                        return;
                    }
                    if (off != null) {
                        exchange.getMessage().removeHeaders("*");
                        exchange.getMessage().setBody(IntakeOutcome.Refused.of(IntakeOutcome.Refusal.UNKNOWN_SOURCE, "sourceId", off));
                        return;
                    }
                    SourceRequest request = HttpIntakeEdge.request(exchange);
                    Optional<String> problem = request == null ? Optional.of("the request could not be read") : authenticity.problem(request);
                    problem.ifPresent(reason -> {
                        exchange.getMessage().removeHeaders("*");
                        exchange.getMessage().setBody(IntakeOutcome.Refused.of(IntakeOutcome.Refusal.UNAUTHENTICATED, "signature", reason));
                    });
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("lead-auth only checks requests; it cannot be consumed from");
        }
    }
}
