package io.leadrouter.crm.hubspot.component;

import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** URI options reach the configuration through the generated configurer; unknown options fail endpoint creation. */
class HubSpotEndpointTest extends HubSpotTestSupport {

    @Test
    void uriOptionsResolve() {
        HubSpotEndpoint endpoint = camel.getEndpoint("hubspot:contactsBatchUpsert?baseUrl=http://localhost:1&accessToken=pat-1"
                                                     + "&maxRetries=5&requestTimeout=2000&apiVersion=v3&idProperty=hs_object_id",
                HubSpotEndpoint.class);

        HubSpotConfiguration configuration = endpoint.getConfiguration();
        assertThat(configuration.getOperation()).isEqualTo(HubSpotOperation.contactsBatchUpsert);
        assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:1");
        assertThat(configuration.getAccessToken()).isEqualTo("pat-1");
        assertThat(configuration.getMaxRetries()).isEqualTo(5);
        assertThat(configuration.getRequestTimeout()).isEqualTo(2000);
        assertThat(configuration.getApiVersion()).isEqualTo("v3");
        assertThat(configuration.getIdProperty()).isEqualTo("hs_object_id");
        assertThat(configuration.getConnectTimeout()).isEqualTo(10_000);
    }

    @Test
    void componentOptionsAreEveryEndpointsDefaults() {
        HubSpotComponent component = camel.getComponent("hubspot", HubSpotComponent.class);
        component.getConfiguration().setAccessToken("pat-shared");

        HubSpotEndpoint endpoint = camel.getEndpoint("hubspot:ownersList?maxRetries=1", HubSpotEndpoint.class);

        assertThat(endpoint.getConfiguration().getAccessToken()).isEqualTo("pat-shared");
        assertThat(endpoint.getConfiguration().getMaxRetries()).isEqualTo(1);
        assertThat(component.getConfiguration().getMaxRetries()).isEqualTo(3);
    }

    @Test
    void secretsAreMaskedInTheEndpointUri() {
        HubSpotEndpoint endpoint = camel.getEndpoint("hubspot:ownersList?accessToken=pat-secret&clientSecret=shh",
                HubSpotEndpoint.class);

        assertThat(endpoint.toString()).doesNotContain("pat-secret").doesNotContain("shh");
    }

    @Test
    void unknownOptionOrOperationFailsEndpointCreation() {
        assertThatThrownBy(() -> camel.getEndpoint("hubspot:ownersList?accessToken=pat-1&acessToken=typo"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("acessToken");
        assertThatThrownBy(() -> camel.getEndpoint("hubspot:dealCreate?accessToken=pat-1"))
                .isInstanceOf(ResolveEndpointFailedException.class);
    }
}
