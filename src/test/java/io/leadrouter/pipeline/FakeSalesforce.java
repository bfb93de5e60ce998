package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** WireMock playing Salesforce at the wire: OAuth token endpoint plus recorded REST answers under salesforce/. */
final class FakeSalesforce {
    static final String API = "/services/data/v59.0";

    private FakeSalesforce() {
    }

    static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        stubToken(server);
        return server;
    }

    /** The token stub the component needs for every (re-)login; call again after {@code resetAll()}. */
    static void stubToken(WireMockServer server) {
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(resource("token.json").replace("{{baseUrl}}", server.baseUrl()))));
    }

    static String resource(String name) {
        try (InputStream in = FakeSalesforce.class.getResourceAsStream("/salesforce/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource salesforce/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
