package io.leadrouter.api;

import io.leadrouter.ledger.LeadStateRow;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The pull board's live feed: every open board holds one server-sent-event stream, and every claim, release, touch,
 * accept or reject made through this replica is pushed to all of them at once. Events carry only the lead id, its
 * new status and queue — never lead fields — so a board re-reads what it may see through the API (partners get no
 * personal data). Changes made elsewhere (the decision stage, the SLA sweeper, other replicas) arrive as a
 * {@code refresh} from the board-watch route.
 */
@Component
public class BoardEvents {
    /** A browser reconnects after this; it bounds how long a vanished client can hold a slot. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_STREAMS = 2_000;

    private final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();

    /** Opens a stream; the first event says it is live. */
    SseEmitter subscribe() {
        if (streams.size() >= MAX_STREAMS) {
            throw new ApiException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "board",
                    "too many open boards on this replica; try again shortly");
        }
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        streams.add(emitter);
        emitter.onCompletion(() -> streams.remove(emitter));
        emitter.onTimeout(() -> streams.remove(emitter));
        emitter.onError(e -> streams.remove(emitter));
        send(emitter, SseEmitter.event().name("ready").data(Map.of("live", true), MediaType.APPLICATION_JSON));
        return emitter;
    }

    /** A lead's position changed through the API: boards drop it from lists where it no longer belongs. */
    public void changed(LeadStateRow row) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("leadId", row.leadId());
        data.put("status", row.status());
        if (row.queueId() != null) {
            data.put("queueId", row.queueId());
        }
        broadcast(SseEmitter.event().name("lead").data(data, MediaType.APPLICATION_JSON));
    }

    /** Something changed that this replica did not see happen: boards re-read their lists. */
    public void refresh() {
        broadcast(SseEmitter.event().name("refresh").data(Map.of(), MediaType.APPLICATION_JSON));
    }

    /** A comment line that keeps proxies from closing idle streams and finds clients that went away. */
    public void heartbeat() {
        broadcast(SseEmitter.event().comment("keep-alive"));
    }

    /**
     * Ends every stream when the application begins to close: the context publishes this before the web server's
     * graceful shutdown, which would otherwise wait for these never-ending requests.
     */
    @EventListener(ContextClosedEvent.class)
    public void closeAll() {
        for (SseEmitter emitter : streams) {
            streams.remove(emitter);
            emitter.complete();
        }
    }

    public boolean anyoneWatching() {
        return !streams.isEmpty();
    }

    private void broadcast(SseEmitter.SseEventBuilder event) {
        for (SseEmitter emitter : streams) {
            send(emitter, event);
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            streams.remove(emitter);
            emitter.completeWithError(e);
        }
    }
}
