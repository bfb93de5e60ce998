package io.leadrouter.crm.hubspot.component;

/** HubSpot refused a call: its HTTP status, error category and message (never retried by the component). */
public class HubSpotApiException extends Exception {

    private final int statusCode;
    private final String category;
    private final String hubSpotMessage;
    private final String correlationId;

    public HubSpotApiException(int statusCode, String category, String hubSpotMessage, String correlationId) {
        this("HubSpot answered " + statusCode + (category == null ? "" : " " + category) + ": " + hubSpotMessage,
             statusCode, category, hubSpotMessage, correlationId, null);
    }

    protected HubSpotApiException(String message, int statusCode, String category, String hubSpotMessage,
                                  String correlationId, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.category = category;
        this.hubSpotMessage = hubSpotMessage;
        this.correlationId = correlationId;
    }

    /** The HTTP status, or 0 when no answer arrived (I/O errors after the last retry). */
    public int getStatusCode() {
        return statusCode;
    }

    /** HubSpot's {@code category}, e.g. VALIDATION_ERROR, OBJECT_NOT_FOUND, MISSING_SCOPES; null when absent. */
    public String getCategory() {
        return category;
    }

    public String getHubSpotMessage() {
        return hubSpotMessage;
    }

    public String getCorrelationId() {
        return correlationId;
    }
}
