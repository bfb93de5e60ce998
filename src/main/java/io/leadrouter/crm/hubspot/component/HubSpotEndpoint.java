package io.leadrouter.crm.hubspot.component;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Calls HubSpot's CRM API: contacts (batch upsert by email, read, update), owners, Leads and tasks. Assignments use
 * the owner id ({@code hubspot_owner_id}) from the owners API, never the user id.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "hubspot", title = "HubSpot", syntax = "hubspot:operation",
             producerOnly = true, category = {Category.SAAS}, headersClass = HubSpotConstants.class)
public class HubSpotEndpoint extends DefaultEndpoint {

    @UriParam
    private HubSpotConfiguration configuration;

    private HttpClient httpClient;
    private ExecutorService executor;
    private HubSpotHttp hubSpotHttp;
    private final ObjectMapper json = new ObjectMapper();

    public HubSpotEndpoint(String uri, HubSpotComponent component, HubSpotConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new HubSpotProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("the hubspot component only sends; use HubSpot webhooks to receive");
    }

    @Override
    public HubSpotComponent getComponent() {
        return (HubSpotComponent) super.getComponent();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.getOperation() == null) {
            throw new IllegalArgumentException("hubspot: the operation is required, e.g. hubspot:contactsBatchUpsert");
        }
        if (configuration.getAccessToken() == null && !configuration.usesOAuth()) {
            throw new IllegalArgumentException("hubspot: set accessToken, or clientId, clientSecret and refreshToken");
        }
        httpClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(configuration.getConnectTimeout()))
                .build();
        executor = getCamelContext().getExecutorServiceManager().newDefaultThreadPool(this, "HubSpot");
        HubSpotAccessTokens tokens = getComponent().tokensFor(configuration,
                () -> new HubSpotAccessTokens(configuration, httpClient, json, Clock.systemUTC()));
        hubSpotHttp = new HubSpotHttp(configuration, httpClient, json, tokens, executor);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        super.doStop();
    }

    HubSpotHttp http() {
        return hubSpotHttp;
    }

    ObjectMapper json() {
        return json;
    }

    public HubSpotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(HubSpotConfiguration configuration) {
        this.configuration = configuration;
    }
}
