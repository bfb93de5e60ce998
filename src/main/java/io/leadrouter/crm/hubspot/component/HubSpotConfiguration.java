package io.leadrouter.crm.hubspot.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Options of a HubSpot endpoint; set on the component they become every endpoint's defaults. */
@UriParams
public class HubSpotConfiguration implements Cloneable {

    @UriPath(description = "The HubSpot call to make.")
    @Metadata(required = true)
    private HubSpotOperation operation;

    @UriParam(defaultValue = "https://api.hubapi.com", description = "HubSpot's API root.")
    private String baseUrl = "https://api.hubapi.com";
    @UriParam(defaultValue = "2026-03", description = "API version in the paths: a date version such as 2026-03"
            + " (/crm/objects/2026-03/contacts) or v3 (/crm/v3/objects/contacts, unsupported by HubSpot from September 2027).")
    private String apiVersion = "2026-03";

    @UriParam(label = "security", secret = true, description = "A private app (service key) token, or the current OAuth access"
            + " token. With OAuth options set it is refreshed when it expires or is refused.")
    @Metadata(secret = true)
    private String accessToken;
    @UriParam(label = "security", description = "OAuth client id; with clientSecret and refreshToken the component obtains and"
            + " refreshes access tokens itself.")
    private String clientId;
    @UriParam(label = "security", secret = true, description = "OAuth client secret.")
    @Metadata(secret = true)
    private String clientSecret;
    @UriParam(label = "security", secret = true, description = "OAuth refresh token.")
    @Metadata(secret = true)
    private String refreshToken;
    @UriParam(label = "security", defaultValue = "/oauth/v1/token", description = "Path of the OAuth token endpoint under baseUrl.")
    private String tokenPath = "/oauth/v1/token";

    @UriParam(label = "advanced", defaultValue = "10000", description = "Connect timeout in milliseconds.")
    private int connectTimeout = 10_000;
    @UriParam(label = "advanced", defaultValue = "30000", description = "Timeout of one HTTP request in"
            + " milliseconds.")
    private int requestTimeout = 30_000;
    @UriParam(label = "advanced", defaultValue = "3", description = "How often a call refused with 429 (secondly limit), 5xx or an"
            + " I/O error is tried again. A daily limit and 4xx answers are never retried.")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "1000", description = "First back-off in milliseconds after a 5xx or I/O error;"
            + " doubled on each retry.")
    private long retryDelay = 1_000;
    @UriParam(label = "advanced", defaultValue = "10000", description = "Longest wait in milliseconds before a retry, whatever"
            + " HubSpot's headers ask for.")
    private long maxRetryDelay = 10_000;

    @UriParam(defaultValue = "email", description = "Unique contact property contactsBatchUpsert matches on.")
    private String idProperty = "email";
    @UriParam(label = "advanced", defaultValue = "100", description = "Page size of ownersList (HubSpot allows up to 500).")
    private int ownersPageSize = 100;
    @UriParam(label = "advanced", defaultValue = "578", description = "Association type id of lead to primary contact"
            + " (HUBSPOT_DEFINED, LEAD_TO_PRIMARY_CONTACT).")
    private int leadToContactAssociationTypeId = 578;
    @UriParam(label = "advanced", defaultValue = "204", description = "Association type id of task to contact (HUBSPOT_DEFINED).")
    private int taskToContactAssociationTypeId = 204;

    public HubSpotConfiguration copy() {
        try {
            return (HubSpotConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    boolean usesOAuth() {
        return clientId != null && clientSecret != null && refreshToken != null;
    }

    public HubSpotOperation getOperation() {
        return operation;
    }

    public void setOperation(HubSpotOperation operation) {
        this.operation = operation;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getAccessToken() {
        return accessToken;
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getRefreshToken() {
        return refreshToken;
    }

    public void setRefreshToken(String refreshToken) {
        this.refreshToken = refreshToken;
    }

    public String getTokenPath() {
        return tokenPath;
    }

    public void setTokenPath(String tokenPath) {
        this.tokenPath = tokenPath;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(int requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public String getIdProperty() {
        return idProperty;
    }

    public void setIdProperty(String idProperty) {
        this.idProperty = idProperty;
    }

    public int getOwnersPageSize() {
        return ownersPageSize;
    }

    public void setOwnersPageSize(int ownersPageSize) {
        this.ownersPageSize = ownersPageSize;
    }

    public int getLeadToContactAssociationTypeId() {
        return leadToContactAssociationTypeId;
    }

    public void setLeadToContactAssociationTypeId(int leadToContactAssociationTypeId) {
        this.leadToContactAssociationTypeId = leadToContactAssociationTypeId;
    }

    public int getTaskToContactAssociationTypeId() {
        return taskToContactAssociationTypeId;
    }

    public void setTaskToContactAssociationTypeId(int taskToContactAssociationTypeId) {
        this.taskToContactAssociationTypeId = taskToContactAssociationTypeId;
    }
}
