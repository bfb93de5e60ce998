package io.leadrouter.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The pull board's live updates as server-sent events, for reps, partners and admins. */
@RestController
@RequestMapping(path = "/api/board")
@Tag(name = "board")
public class BoardController {
    private final BoardEvents events;

    public BoardController(BoardEvents events) {
        this.events = events;
    }

    @Operation(summary = "Live board updates (text/event-stream)", description = "Events: `ready` once connected; `lead`"
            + " {leadId, status, queueId} when a lead is claimed, released, touched, accepted or rejected; `refresh` when"
            + " queues changed otherwise (new leads, expiries, other replicas). Events never carry lead fields: re-read"
            + " them through the queue, offer and my-leads endpoints. The stream ends after 10 minutes; reconnect.")
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(HttpServletRequest request) {
        ApiPrincipal.of(request);
        return events.subscribe();
    }
}
