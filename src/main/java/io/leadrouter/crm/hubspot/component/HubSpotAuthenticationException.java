package io.leadrouter.crm.hubspot.component;

/**
 * HubSpot refused the credentials (401 after at most one OAuth refresh, or the refresh itself was refused). Retrying
 * will not help: the caller pauses its writer until the credentials are fixed.
 */
public class HubSpotAuthenticationException extends HubSpotApiException {

    public HubSpotAuthenticationException(int statusCode, String category, String hubSpotMessage, String correlationId) {
        super("HubSpot refused the credentials (" + statusCode + "): " + hubSpotMessage, statusCode, category,
              hubSpotMessage, correlationId, null);
    }
}
