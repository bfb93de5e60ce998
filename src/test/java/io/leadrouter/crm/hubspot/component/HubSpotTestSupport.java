package io.leadrouter.crm.hubspot.component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A plain Camel context (no Spring) and a WireMock HubSpot; the component is found through its service file. */
abstract class HubSpotTestSupport {

    protected WireMockServer hubspot;
    protected DefaultCamelContext camel;
    protected ProducerTemplate template;

    @BeforeEach
    void startHubSpotAndCamel() {
        hubspot = new WireMockServer(options().dynamicPort());
        hubspot.start();
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopHubSpotAndCamel() {
        camel.stop();
        hubspot.stop();
    }

    protected String uri(String operation, String options) {
        return "hubspot:" + operation + "?baseUrl=" + hubspot.baseUrl() + "&retryDelay=10" + (options.isEmpty() ? "" : "&" + options);
    }

    protected String privateApp(String operation) {
        return uri(operation, "accessToken=pat-na1-test");
    }

    protected Object send(String uri, Object body, Map<String, Object> headers) throws Throwable {
        try {
            return template.requestBodyAndHeaders(uri, body, headers);
        } catch (CamelExecutionException e) {
            throw e.getCause();
        }
    }

    protected static String json(String name) {
        try (InputStream in = HubSpotTestSupport.class.getResourceAsStream("/hubspot/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
