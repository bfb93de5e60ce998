package io.leadrouter.crm.hubspot.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code hubspot:} component. Options set here are every endpoint's defaults; endpoints with the same OAuth
 * credentials share one access token, so a refresh by one serves all.
 */
@Component("hubspot")
public class HubSpotComponent extends DefaultComponent {

    @Metadata(description = "Shared configuration: every endpoint starts from a copy of it.")
    private HubSpotConfiguration configuration = new HubSpotConfiguration();

    private final Map<String, HubSpotAccessTokens> sharedTokens = new ConcurrentHashMap<>();

    public HubSpotComponent() {
    }

    public HubSpotComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubSpotConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setOperation(getCamelContext().getTypeConverter().mandatoryConvertTo(HubSpotOperation.class, remaining));
        HubSpotEndpoint endpoint = new HubSpotEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    HubSpotAccessTokens tokensFor(HubSpotConfiguration endpointConfiguration,
                                  java.util.function.Supplier<HubSpotAccessTokens> create) {
        if (!endpointConfiguration.usesOAuth()) {
            return create.get();
        }
        String key = endpointConfiguration.getBaseUrl() + '\n' + endpointConfiguration.getClientId() + '\n'
                     + endpointConfiguration.getRefreshToken();
        return sharedTokens.computeIfAbsent(key, k -> create.get());
    }

    @Override
    protected void doStop() throws Exception {
        sharedTokens.clear();
        super.doStop();
    }

    public HubSpotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(HubSpotConfiguration configuration) {
        this.configuration = configuration;
    }
}
