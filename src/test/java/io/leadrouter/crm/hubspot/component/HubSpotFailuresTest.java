package io.leadrouter.crm.hubspot.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HubSpot's refusals: rate limits, server errors, authentication and validation, as HubSpot shapes them. */
class HubSpotFailuresTest extends HubSpotTestSupport {

    private static final String CONTACT = "/crm/objects/2026-03/contacts/51";
    private static final Map<String, Object> READ_51 = Map.of(HubSpotConstants.OBJECT_ID, "51");

    @Test
    void tenSecondlyLimitIsWaitedOutWithTheIntervalHeaderAndRetried() throws Throwable {
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("X-HubSpot-RateLimit-Max", "100").withHeader("X-HubSpot-RateLimit-Remaining", "0")
                        .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "50")
                        .withBody(json("rate-limit-ten-secondly.json")))
                .willSetStateTo("window passed"));
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).inScenario("limit").whenScenarioStateIs("window passed")
                .willReturn(okJson(json("contact.json")).withHeader("X-HubSpot-RateLimit-Remaining", "99")));

        var exchange = template.request(privateApp("contactRead"), e -> e.getIn().setHeaders(new java.util.HashMap<>(READ_51)));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(HubSpotObject.class).id()).isEqualTo("51");
        assertThat(exchange.getMessage().getHeader(HubSpotConstants.RATE_LIMIT_REMAINING)).isEqualTo(99L);
        hubspot.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void tenSecondlyLimitBeyondMaxRetriesFailsTyped() {
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(429)
                .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "5").withBody(json("rate-limit-ten-secondly.json"))));

        assertThatThrownBy(() -> send(uri("contactRead", "accessToken=pat-na1-test&maxRetries=2"), null, READ_51))
                .isInstanceOfSatisfying(HubSpotRateLimitException.class, e -> {
                    assertThat(e.getPolicyName()).isEqualTo("TEN_SECONDLY_ROLLING");
                    assertThat(e.isDaily()).isFalse();
                });
        hubspot.verify(3, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void dailyLimitFailsAtOnceWithPolicyAndResetHint() {
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-HubSpot-RateLimit-Daily", "250000").withHeader("X-HubSpot-RateLimit-Daily-Remaining", "0")
                .withBody(json("rate-limit-daily.json"))));

        assertThatThrownBy(() -> send(privateApp("contactRead"), null, READ_51))
                .isInstanceOfSatisfying(HubSpotRateLimitException.class, e -> {
                    assertThat(e.getPolicyName()).isEqualTo("DAILY");
                    assertThat(e.isDaily()).isTrue();
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getResetHint()).contains("midnight");
                    assertThat(e.getCorrelationId()).isEqualTo("2c1b0f4e-7c1a-4f27-9a55-3a8d3f2b9e10");
                });
        hubspot.verify(1, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void serverErrorsAreRetriedWithBackOff() throws Throwable {
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("second"));
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("healthy"));
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).inScenario("flaky").whenScenarioStateIs("healthy")
                .willReturn(okJson(json("contact.json"))));

        HubSpotObject contact = (HubSpotObject) send(privateApp("contactRead"), null, READ_51);

        assertThat(contact.id()).isEqualTo("51");
        hubspot.verify(3, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void unauthorizedWithOAuthRefreshesOnceForEightConcurrentCallsThenSucceeds() throws Exception {
        hubspot.stubFor(post("/oauth/v1/token").willReturn(okJson(json("token.json")).withFixedDelay(200)));
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).withHeader("Authorization", equalTo("Bearer expired-access-token"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(json("unauthorized.json"))));
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).withHeader("Authorization", equalTo("Bearer fresh-access-token"))
                .willReturn(okJson(json("contact.json"))));
        String oauth = uri("contactRead", "accessToken=expired-access-token&clientId=app-1&clientSecret=s3cret"
                                          + "&refreshToken=refresh-token-1");

        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(template.asyncRequestBodyAndHeaders(oauth, null, READ_51));
        }
        for (CompletableFuture<Object> call : calls) {
            assertThat(((HubSpotObject) call.get(10, TimeUnit.SECONDS)).id()).isEqualTo("51");
        }

        hubspot.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v1/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=refresh-token-1"))
                .withRequestBody(containing("client_id=app-1")));
        hubspot.verify(8, getRequestedFor(urlPathEqualTo(CONTACT)).withHeader("Authorization", equalTo("Bearer fresh-access-token")));
    }

    @Test
    void oauthWithoutAccessTokenFetchesOneAndARefusedRefreshIsAnAuthenticationFailure() throws Throwable {
        hubspot.stubFor(post("/oauth/v1/token").willReturn(okJson(json("token.json"))));
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(json("contact.json"))));
        String oauth = uri("contactRead", "clientId=app-1&clientSecret=s3cret&refreshToken=refresh-token-1");

        send(oauth, null, READ_51);
        send(oauth, null, READ_51);

        hubspot.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v1/token")));
        hubspot.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)).withHeader("Authorization", equalTo("Bearer fresh-access-token")));

        hubspot.stubFor(post("/oauth/v1/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token\"}")));
        assertThatThrownBy(() -> send(uri("contactRead", "clientId=app-2&clientSecret=s3cret&refreshToken=revoked"), null, READ_51))
                .isInstanceOfSatisfying(HubSpotAuthenticationException.class,
                        e -> assertThat(e.getHubSpotMessage()).contains("unknown refresh token"));
    }

    @Test
    void unauthorizedWithAPrivateAppTokenFailsTypedWithoutRetry() {
        hubspot.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(json("unauthorized.json"))));

        assertThatThrownBy(() -> send(privateApp("contactRead"), null, READ_51))
                .isInstanceOfSatisfying(HubSpotAuthenticationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getCategory()).isEqualTo("INVALID_AUTHENTICATION");
                });
        hubspot.verify(1, getRequestedFor(urlPathEqualTo(CONTACT)));
        hubspot.verify(0, postRequestedFor(urlPathEqualTo("/oauth/v1/token")));
    }

    @Test
    void otherClientErrorsCarryStatusCategoryAndHubSpotsMessage() {
        hubspot.stubFor(post("/crm/objects/2026-03/leads").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(json("validation-error.json"))));

        assertThatThrownBy(() -> send(privateApp("leadCreate"), Map.of("hs_lead_name", "Ada", "favorite_food", "pizza"),
                Map.of(HubSpotConstants.CONTACT_ID, "51")))
                .isExactlyInstanceOf(HubSpotApiException.class)
                .satisfies(e -> {
                    HubSpotApiException api = (HubSpotApiException) e;
                    assertThat(api.getStatusCode()).isEqualTo(400);
                    assertThat(api.getCategory()).isEqualTo("VALIDATION_ERROR");
                    assertThat(api.getHubSpotMessage()).contains("favorite_food");
                });
        hubspot.verify(1, postRequestedFor(urlPathEqualTo("/crm/objects/2026-03/leads")));
    }
}
