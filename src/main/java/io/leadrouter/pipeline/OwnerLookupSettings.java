package io.leadrouter.pipeline;

import java.time.Duration;

/**
 * Sticky owners looked up in a CRM ({@code leadrouter.crm.<crm>.owner-lookup.*}), off by default: each lead not yet in
 * the cache costs one to three CRM calls before its decision.
 *
 * @param enabled   look owners up (only for policies with {@code sticky: true} rules, while the CRM is enabled)
 * @param timeout   longest wait for one lead's lookup; later = no owner known for this decision
 * @param cacheTtl  how long an answer (owner or none) is kept; a failure is kept a tenth of it
 * @param cacheSize most lookups kept
 */
public record OwnerLookupSettings(boolean enabled, Duration timeout, Duration cacheTtl, int cacheSize) {
    public OwnerLookupSettings {
        timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(2) : timeout;
        cacheTtl = cacheTtl == null || cacheTtl.isZero() || cacheTtl.isNegative() ? Duration.ofMinutes(10) : cacheTtl;
        cacheSize = cacheSize <= 0 ? 10_000 : cacheSize;
    }
}
