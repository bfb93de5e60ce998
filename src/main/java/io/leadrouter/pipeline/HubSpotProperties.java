package io.leadrouter.pipeline;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HubSpot settings ({@code leadrouter.crm.hubspot.*}): the connection the write-back and the {@code hook-hubspot}
 * source share, and the writer's own settings.
 *
 * @param enabled        write to HubSpot at all; off, writes wait in the outbox, visible as PENDING
 * @param baseUrl        HubSpot's API root
 * @param token          a private app's access token; or, instead, the OAuth client below
 * @param clientId       OAuth client id (with {@code clientSecret} and {@code refreshToken})
 * @param clientSecret   OAuth client secret
 * @param refreshToken   OAuth refresh token
 * @param timeout        longest wait for one HubSpot answer
 * @param batchSize      contacts per batch upsert (at most 100)
 * @param maxAttempts    attempts before a write becomes a dead letter
 * @param retryDelay     first back-off after a passing failure (doubles per attempt)
 * @param pollInterval   how often the writer looks for work nobody announced
 * @param lease          how long a claimed batch is reserved for the writer calling HubSpot
 * @param probeInterval  how often a paused writer tries one write to see whether the connection works again
 * @param leadIdProperty the contact property holding our lead id (create it in HubSpot as a single-line text)
 * @param callsPerSecond HubSpot calls the writer may make per second (Resilience4j rate limiter)
 * @param circuitOpenFor how long the writer stops calling HubSpot after repeated outages before a trial call
 * @param fields         contact property to source ({@code country: country}, {@code utm_source: attributes.utm_source});
 *                       see {@link io.leadrouter.crm.CrmFieldMap}
 * @param roster         the scheduled fetch of owners (archived owners are inactive)
 * @param ownerLookup    sticky owners looked up in HubSpot (contact by email, company by domain: hubspot_owner_id)
 * @param linger         while leads stream in, the longest wait for a batch to fill (at most 50 ms; a lone lead never waits)
 * @param maxRetryDelay   the longest back-off of one write after a passing failure (the doubling stops here)
 * @param returnOverLimitClaims a claim taken inside HubSpot over the queue's claim limit is returned to the queue; null =
 *                       {@code leadrouter.crm.return-over-limit-claims}
 */
@ConfigurationProperties("leadrouter.crm.hubspot")
public record HubSpotProperties(boolean enabled, String baseUrl, String token, String clientId, String clientSecret,
        String refreshToken, Duration timeout, int batchSize, int maxAttempts, Duration retryDelay, Duration pollInterval,
        Duration lease, Duration probeInterval, String leadIdProperty, int callsPerSecond, Duration circuitOpenFor,
        Map<String, String> fields, RosterSettings roster, OwnerLookupSettings ownerLookup,
        Duration linger, Boolean returnOverLimitClaims, Duration maxRetryDelay) {
    /** What the writer sent before the mapping was configurable; application.yaml carries the same. */
    static final Map<String, String> DEFAULT_FIELDS = Map.of("firstname", "firstName", "lastname", "lastName",
            "phone", "phone", "company", "company", "jobtitle", "title", "country", "country");

    public HubSpotProperties {
        callsPerSecond = callsPerSecond <= 0 ? 10 : callsPerSecond;
        circuitOpenFor = circuitOpenFor == null ? Duration.ofSeconds(30) : circuitOpenFor;
        linger = CrmBatching.linger(linger);
        maxRetryDelay = maxRetryDelay == null || maxRetryDelay.isNegative() ? Duration.ofMinutes(5) : maxRetryDelay;
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.hubapi.com" : baseUrl.strip();
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        batchSize = batchSize <= 0 ? 100 : Math.min(batchSize, 100);
        maxAttempts = maxAttempts <= 0 ? 10 : maxAttempts;
        retryDelay = retryDelay == null ? Duration.ofSeconds(30) : retryDelay;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        probeInterval = probeInterval == null ? Duration.ofMinutes(1) : probeInterval;
        leadIdProperty = leadIdProperty == null || leadIdProperty.isBlank() ? "leadrouter_id" : leadIdProperty.strip();
        fields = fields == null || fields.isEmpty() ? DEFAULT_FIELDS : Map.copyOf(fields);
        roster = roster == null ? new RosterSettings(null, null) : roster;
        ownerLookup = ownerLookup == null ? new OwnerLookupSettings(false, null, null, 0) : ownerLookup;
    }

    /** True when an OAuth client is configured (then it is used instead of {@code token}). */
    public boolean usesOAuth() {
        return notBlank(clientId) && notBlank(clientSecret) && notBlank(refreshToken);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "HubSpotProperties[enabled=" + enabled + ", baseUrl=" + baseUrl + ", batchSize=" + batchSize + "]";
    }
}
