package io.leadrouter.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.leadrouter.intake.PayloadEnricher.EnrichmentException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph API client against WireMock: what completes an event, what is retried later and what is final. */
class MetaLeadgenEnricherTest {
    private static final String TOKEN = "EAAB-secret-page-token";
    private static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    private static final Map<String, Object> CHANGE = Map.of("leadgen_id", "444444444444", "page_id", "153125381133");

    @BeforeAll
    static void start() {
        GRAPH.start();
    }

    @AfterAll
    static void stop() {
        GRAPH.stop();
    }

    @BeforeEach
    void reset() {
        GRAPH.resetAll();
    }

    private static MetaLeadgenEnricher enricher(String url) {
        return new MetaLeadgenEnricher(url, TOKEN, new ObjectMapper(), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void addsFieldDataAndIdsToTheChange() throws Exception {
        GRAPH.stubFor(get(urlPathEqualTo("/v21.0/444444444444")).willReturn(okJson("""
                {"created_time":"2015-07-30T21:34:25+0000","id":"444444444444","ad_id":"238496582736191","form_id":"981625378543912",
                 "field_data":[{"name":"email","values":["grace@example.com"]}]}""")));
        Object enriched = enricher(GRAPH.baseUrl() + "/v21.0/").enrich(CHANGE);
        assertThat(enriched).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) enriched;
        assertThat(map.get("field_data")).isEqualTo(List.of(Map.of("name", "email", "values", List.of("grace@example.com"))));
        assertThat(map.get("ad_id")).isEqualTo("238496582736191");
        assertThat(map.get("page_id")).isEqualTo("153125381133");
    }

    @Test
    void serverErrorsAndRateLimitsAreRetryableOneCallPerMappingAttempt() {
        GRAPH.stubFor(get(urlPathEqualTo("/v21.0/444444444444")).willReturn(aResponse().withStatus(429)
                .withBody("{\"error\":{\"message\":\"(#4) Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}")));
        assertThatThrownBy(() -> enricher(GRAPH.baseUrl() + "/v21.0").enrich(CHANGE))
                .isInstanceOfSatisfying(EnrichmentException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429").contains("request limit").doesNotContain(TOKEN);
                });
        GRAPH.verify(1, getRequestedFor(urlPathEqualTo("/v21.0/444444444444")));
    }

    @Test
    void anUnreachableGraphIsRetryableAndTheMessageHasNoToken() {
        int port = GRAPH.port();
        GRAPH.stop();
        try {
            assertThatThrownBy(() -> enricher("http://localhost:" + port + "/v21.0").enrich(CHANGE))
                    .isInstanceOfSatisfying(EnrichmentException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("could not be reached").doesNotContain(TOKEN);
                    });
        } finally {
            GRAPH.start();
        }
    }

    @Test
    void aDeletedLeadIsFinal() {
        GRAPH.stubFor(get(urlPathEqualTo("/v21.0/444444444444")).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":{\"message\":\"Unsupported get request. Object with ID '444444444444' does not exist\",\"type\":\"GraphMethodException\",\"code\":100}}")));
        assertThatThrownBy(() -> enricher(GRAPH.baseUrl() + "/v21.0").enrich(CHANGE))
                .isInstanceOfSatisfying(EnrichmentException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400").contains("does not exist").contains("code 100");
                });
        GRAPH.verify(1, getRequestedFor(urlPathEqualTo("/v21.0/444444444444")));
    }

    @Test
    void aChangeWithoutANumericLeadgenIdIsFinalAndCallsNothing() {
        assertThatThrownBy(() -> enricher(GRAPH.baseUrl()).enrich(Map.of("leadgen_id", "../me/accounts")))
                .isInstanceOfSatisfying(EnrichmentException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(GRAPH.getAllServeEvents()).isEmpty();
    }
}
