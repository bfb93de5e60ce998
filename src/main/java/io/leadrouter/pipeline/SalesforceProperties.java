package io.leadrouter.pipeline;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Salesforce write-back settings ({@code leadrouter.crm.salesforce.*}); the connection itself (login URL, OAuth
 * client, user) is camel-salesforce's {@code camel.component.salesforce.*}.
 *
 * @param enabled         write to Salesforce at all; off, writes wait in the outbox, visible as PENDING
 * @param externalIdField the Lead field holding our lead id, the upsert key
 * @param batchSize       Leads per sObject Collections call (at most 200)
 * @param maxAttempts     attempts before a write becomes a dead letter
 * @param retryDelay      first back-off after a passing failure (doubles per attempt)
 * @param pollInterval    how often the writer looks for work nobody announced
 * @param lease           how long a claimed batch is reserved for the writer calling Salesforce
 * @param probeInterval   how often a paused writer tries one write to see whether the connection works again
 * @param callsPerSecond  Salesforce calls the writer may make per second (the org's API limits; 0 = unlimited)
 * @param circuitOpenFor  how long the writer stops calling Salesforce after repeated outages before a trial call
 * @param fields          Lead field to source ({@code CountryCode: country}, {@code UTM_Source__c: attributes.utm_source},
 *                        {@code LeadSource: constant:Web}); see {@link io.leadrouter.crm.CrmFieldMap}
 * @param roster          the scheduled fetch of active users and queue members
 * @param ownerLookup     sticky owners looked up in Salesforce (existing Contact or Lead by email, Account by domain)
 * @param linger          while leads stream in, the longest wait for a batch to fill (at most 50 ms; a lone lead never waits)
 * @param limitBackoff    after 403 REQUEST_LIMIT_EXCEEDED nothing is sent for this long (then one probing write)
 * @param maxRetryDelay   the longest back-off of one write after a passing failure (the doubling stops here)
 * @param concurrency     sObject Collections calls in flight at once (writer threads; the extra ones work only while full
 *                        batches wait, and all share {@code callsPerSecond}); one lead's writes never overtake each other
 * @param returnOverLimitClaims a claim taken inside Salesforce over the queue's claim limit is returned to the queue (the
 *                        Lead's owner set back to the queue); null = {@code leadrouter.crm.return-over-limit-claims}
 */
@ConfigurationProperties("leadrouter.crm.salesforce")
public record SalesforceProperties(boolean enabled, String externalIdField, int batchSize, int maxAttempts, Duration retryDelay,
        Duration pollInterval, Duration lease, Duration probeInterval, int callsPerSecond, Duration circuitOpenFor,
        Map<String, String> fields, RosterSettings roster, OwnerLookupSettings ownerLookup,
        Duration linger, Duration limitBackoff, Boolean returnOverLimitClaims, Duration maxRetryDelay, int concurrency) {
    /** What today's writer sent before the mapping was configurable; application.yaml carries the same. */
    static final Map<String, String> DEFAULT_FIELDS = Map.of("FirstName", "firstName", "LastName", "lastName",
            "Email", "email", "Phone", "phone", "Title", "title", "Company", "company", "Country", "country",
            "Description", "message", "LeadSource", "sourceId");

    public SalesforceProperties {
        externalIdField = externalIdField == null || externalIdField.isBlank() ? "LeadRouter_Id__c" : externalIdField;
        batchSize = batchSize <= 0 ? 200 : Math.min(batchSize, 200);
        maxAttempts = maxAttempts <= 0 ? 10 : maxAttempts;
        retryDelay = retryDelay == null ? Duration.ofSeconds(30) : retryDelay;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        probeInterval = probeInterval == null ? Duration.ofMinutes(1) : probeInterval;
        callsPerSecond = callsPerSecond < 0 ? 0 : callsPerSecond;
        circuitOpenFor = circuitOpenFor == null ? Duration.ofSeconds(30) : circuitOpenFor;
        fields = fields == null || fields.isEmpty() ? DEFAULT_FIELDS : Map.copyOf(fields);
        roster = roster == null ? new RosterSettings(null, null) : roster;
        ownerLookup = ownerLookup == null ? new OwnerLookupSettings(false, null, null, 0) : ownerLookup;
        linger = CrmBatching.linger(linger);
        maxRetryDelay = maxRetryDelay == null || maxRetryDelay.isNegative() ? Duration.ofMinutes(5) : maxRetryDelay;
        limitBackoff = limitBackoff == null || limitBackoff.isNegative() ? Duration.ofMinutes(10) : limitBackoff;
        concurrency = concurrency <= 0 ? 4 : concurrency;
    }
}
