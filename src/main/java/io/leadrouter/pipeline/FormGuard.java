package io.leadrouter.pipeline;

import io.leadrouter.intake.SourceRequest;
import io.leadrouter.ledger.LeadIds;
import io.leadrouter.mapping.PayloadException;
import io.leadrouter.mapping.Payloads;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Web-form protections per source: a honeypot field (bots fill it; the post is answered as accepted and dropped),
 * a per-address limit of posts per minute ({@code leadrouter.sources.<id>.rate-limit}, default 60; 0 = off), and the CORS
 * allow-list ({@code allowed-origins}, comma-separated).
 *
 * <p>The limiter is a fixed one-minute window per address in a bounded LRU map: a handful of lines, no per-address
 * limiter objects to leak (Resilience4j's registry would keep one per address forever).
 */
public class FormGuard {
    static final int DEFAULT_PER_MINUTE = 60;
    private static final int MAX_TRACKED = 50_000;

    enum Verdict { PASS, HONEYPOT, RATE_LIMITED }

    private final LeadRouterProperties properties;
    private final Clock clock;
    private final Map<String, long[]> windows = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    public FormGuard(LeadRouterProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    Verdict check(String sourceId, String address, SourceRequest request) {
        if (!allow(sourceId, address)) {
            return Verdict.RATE_LIMITED;
        }
        String honeypot = properties.sourceSetting(sourceId, "honeypot");
        if (honeypot != null && request.body().length > 0) {
            try {
                if (Payloads.read(request.header("content-type"), request.body()) instanceof Map<?, ?> fields) {
                    Object value = fields.get(honeypot);
                    if (value != null && !String.valueOf(value).isBlank()) {
                        return Verdict.HONEYPOT;
                    }
                }
            } catch (PayloadException e) {
                return Verdict.PASS;
            }
        }
        return Verdict.PASS;
    }

    /** A lead id shaped like a real one (time-ordered, now) for the answer to a caught bot; nothing is stored under it. */
    String decoyLeadId() {
        return LeadIds.next(clock.millis());
    }

    private boolean allow(String sourceId, String address) {
        String configured = properties.sourceSetting(sourceId, "rate-limit");
        int limit = configured == null ? DEFAULT_PER_MINUTE : Integer.parseInt(configured.strip());
        if (limit <= 0) {
            return true;
        }
        long minute = clock.millis() / 60_000;
        synchronized (windows) {
            long[] window = windows.computeIfAbsent(sourceId + "|" + address, k -> new long[] {minute, 0});
            if (window[0] != minute) {
                window[0] = minute;
                window[1] = 0;
            }
            return ++window[1] <= limit;
        }
    }

    static Set<String> allowedOrigins(LeadRouterProperties properties, String sourceId) {
        String configured = properties.sourceSetting(sourceId, "allowed-origins");
        return configured == null ? Set.of()
                : Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
