package io.leadrouter.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.leadrouter.crm.CrmOwnerLookup;
import io.leadrouter.distribution.Crms;
import io.leadrouter.distribution.LeadContext;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Rep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sticky owners from the CRMs: before a decision batch's transaction, the leads' sticky keys ({@code email:…},
 * {@code domain:…}) are looked up in each of their CRMs that has owner lookup on, in parallel, each lead within the
 * timeout; the answers land in a bounded Caffeine cache (TTL; failures kept a tenth of it). Inside the transaction the
 * engine's port reads the cache only, so no CRM call ever holds a database transaction open, and a CRM failure means
 * "no sticky owner known" with the reason in the trace, never a failed decision.
 */
public final class CrmStickyOwners {
    private static final Logger LOG = LoggerFactory.getLogger(CrmStickyOwners.class);

    /** A CRM's answer for one sticky key. */
    sealed interface Answer permits Owned, Nobody, Failed {
    }

    /** The CRM record's owner and, when they are a rep of the policy, that rep. */
    record Owned(String crm, CrmOwnerLookup.RecordOwner owner, String repId) implements Answer {
    }

    record Nobody() implements Answer {
    }

    record Failed(String crm, String reason) implements Answer {
    }

    private final Policy policy;
    private final Map<String, CrmOwnerLookup> lookups;
    private final Map<String, Duration> timeouts;
    private final ExecutorService executor;
    private final Cache<String, Answer> cache;

    /**
     * @param lookups  per CRM with owner lookup on, in the order CRMs are asked
     * @param timeouts per CRM, the longest wait for one lead
     */
    public CrmStickyOwners(Policy policy, Map<String, CrmOwnerLookup> lookups, Map<String, Duration> timeouts, Duration ttl,
            int maxEntries, ExecutorService executor) {
        this.policy = policy;
        this.lookups = new LinkedHashMap<>(lookups);
        this.timeouts = Map.copyOf(timeouts);
        this.executor = executor;
        long ttlNanos = ttl.toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfter(new Expiry<String, Answer>() {
            @Override
            public long expireAfterCreate(String key, Answer answer, long currentTime) {
                return answer instanceof Failed ? ttlNanos / 10 : ttlNanos;
            }

            @Override
            public long expireAfterUpdate(String key, Answer answer, long currentTime, long currentDuration) {
                return expireAfterCreate(key, answer, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Answer answer, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    /** True when some CRM has owner lookup on. */
    public boolean enabled() {
        return !lookups.isEmpty();
    }

    /**
     * Looks up the sticky keys of these leads that the cache does not hold, in every CRM of the lead with lookup on;
     * returns when all answered or the longest timeout passed (unanswered ones count as failed: timed out).
     */
    public void prefetch(List<LeadContext> leads, Function<LeadContext, List<String>> stickyKeys) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (LeadContext lead : leads) {
            List<String> keys = stickyKeys.apply(lead);
            for (String crm : lead.crms()) {
                CrmOwnerLookup lookup = lookups.get(crm);
                List<String> missing = keys.stream().filter(k -> cache.getIfPresent(cacheKey(crm, k)) == null).toList();
                if (lookup == null || missing.isEmpty()) {
                    continue;
                }
                Duration timeout = timeouts.get(crm);
                running.add(CompletableFuture.runAsync(() -> lookUp(crm, lookup, missing), executor)
                        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                        .exceptionally(failure -> {
                            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            String reason = cause instanceof java.util.concurrent.TimeoutException
                                    ? "no answer from " + Crms.displayName(crm) + " within " + timeout.toMillis() + " ms"
                                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                            missing.forEach(k -> cache.asMap().putIfAbsent(cacheKey(crm, k), new Failed(crm, reason)));
                            return null;
                        }));
            }
        }
        if (!running.isEmpty()) {
            // orTimeout completes every future by its deadline, so this wait is bounded by the longest timeout
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        }
    }

    /** The keys in order: an email owner, else (only then) the domain's. */
    private void lookUp(String crm, CrmOwnerLookup lookup, List<String> keys) {
        for (String key : keys) {
            Optional<CrmOwnerLookup.RecordOwner> owner;
            try {
                owner = key.startsWith("email:") ? lookup.byEmail(key.substring("email:".length()))
                        : key.startsWith("domain:") ? lookup.byDomain(key.substring("domain:".length())) : Optional.empty();
            } catch (RuntimeException e) {
                String reason = Crms.displayName(crm) + " lookup failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warn("sticky owner lookup in {} failed: {}", Crms.displayName(crm), reason);
                cache.put(cacheKey(crm, key), new Failed(crm, reason));
                continue;
            }
            cache.put(cacheKey(crm, key), owner.<Answer>map(o -> new Owned(crm, o, repOf(crm, o.ownerId()))).orElse(new Nobody()));
        }
    }

    /** From the cache only: the rep owning the key's records in the first CRM that knows one, if a rep of the policy. */
    public Optional<String> owner(String stickyKey) {
        for (String crm : lookups.keySet()) {
            Answer answer = cache.getIfPresent(cacheKey(crm, stickyKey));
            if (answer instanceof Owned owned && owned.repId() != null) {
                return Optional.of(owned.repId());
            }
        }
        return Optional.empty();
    }

    /** For the trace: where the owner came from, or why no owner is known from a CRM. */
    public Optional<String> note(String stickyKey) {
        List<String> notes = new ArrayList<>();
        for (String crm : lookups.keySet()) {
            Answer answer = cache.getIfPresent(cacheKey(crm, stickyKey));
            if (answer instanceof Owned owned) {
                if (owned.repId() != null) {
                    return Optional.of("owner of the " + Crms.displayName(crm) + " " + owned.owner().record());
                }
                notes.add("the " + Crms.displayName(crm) + " " + owned.owner().record() + " is owned by "
                        + owned.owner().ownerId() + ", who is no rep of the policy");
            } else if (answer instanceof Failed failed) {
                notes.add(failed.reason());
            }
        }
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
    }

    private String repOf(String crm, String ownerId) {
        String wanted = CrmRosterView.normalise(crm, ownerId);
        List<Rep> reps = new ArrayList<>(policy.reps());
        policy.fallback().ifPresent(reps::add);
        return reps.stream().filter(r -> r.crmUserId(crm) != null && CrmRosterView.normalise(crm, r.crmUserId(crm)).equals(wanted))
                .map(Rep::id).findFirst().orElse(null);
    }

    private static String cacheKey(String crm, String stickyKey) {
        return crm + "|" + stickyKey;
    }
}
