package io.leadrouter.pipeline;

import java.time.Duration;

/** The batching rule shared by the CRM writers: the linger a writer may add while leads stream in is short. */
final class CrmBatching {
    /** The longest linger allowed: a lead never waits longer than this for its batch to fill. */
    static final Duration MAX_LINGER = Duration.ofMillis(50);
    static final Duration DEFAULT_LINGER = Duration.ofMillis(50);

    private CrmBatching() {
    }

    /** The configured linger, defaulted, never negative nor above {@link #MAX_LINGER}. */
    static Duration linger(Duration configured) {
        if (configured == null) {
            return DEFAULT_LINGER;
        }
        if (configured.isNegative()) {
            return Duration.ZERO;
        }
        return configured.compareTo(MAX_LINGER) > 0 ? MAX_LINGER : configured;
    }
}
