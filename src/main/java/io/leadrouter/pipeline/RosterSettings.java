package io.leadrouter.pipeline;

import java.time.Duration;

/**
 * A CRM's roster sync ({@code leadrouter.crm.<crm>.roster.*}): on while the CRM is enabled unless switched off.
 *
 * @param enabled  fetch the CRM's users (default true while the CRM is enabled)
 * @param interval how often; also once at start. A replica skips the fetch when another one fetched within half of it
 */
public record RosterSettings(Boolean enabled, Duration interval) {
    public RosterSettings {
        enabled = enabled == null || enabled;
        interval = interval == null || interval.isZero() || interval.isNegative() ? Duration.ofMinutes(15) : interval;
    }
}
