package io.leadrouter.crm.hubspot.component;

import java.time.Duration;
import java.util.Optional;

/**
 * HubSpot refused a call for a rate limit the component does not wait out: the daily limit (policy {@code DAILY}),
 * or a secondly limit still hit after {@code maxRetries}. The caller stops sending until the reset.
 */
public class HubSpotRateLimitException extends HubSpotApiException {

    private final String policyName;
    private final Duration retryAfter;

    public HubSpotRateLimitException(String policyName, String hubSpotMessage, Duration retryAfter, String correlationId) {
        super("HubSpot rate limit " + policyName + " reached: " + hubSpotMessage + "; " + resetHint(policyName, retryAfter),
              429, "RATE_LIMIT", hubSpotMessage, correlationId, null);
        this.policyName = policyName;
        this.retryAfter = retryAfter;
    }

    private static String resetHint(String policyName, Duration retryAfter) {
        if (retryAfter != null) {
            return "retry after " + retryAfter;
        }
        return "DAILY".equals(policyName)
                ? "the daily limit resets at midnight in the HubSpot account's time zone"
                : "the rolling window frees up within seconds";
    }

    /** HubSpot's {@code policyName}: {@code DAILY}, {@code TEN_SECONDLY_ROLLING}, or another secondly policy. */
    public String getPolicyName() {
        return policyName;
    }

    public boolean isDaily() {
        return "DAILY".equals(policyName);
    }

    /** How long to wait, when HubSpot said so (Retry-After or the interval header); empty for the daily limit. */
    public Optional<Duration> getRetryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A readable hint of when sending can resume. */
    public String getResetHint() {
        return resetHint(policyName, retryAfter);
    }
}
