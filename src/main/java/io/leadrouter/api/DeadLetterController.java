package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadrouter.ledger.AuditLog;
import io.leadrouter.ledger.DeadLetters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** CRM writes a CRM refused for good, with the CRM's own message, for admins to fix and replay. */
@RestController
@Tag(name = "dead letters")
@RequestMapping(path = "/api/deadletters", produces = MediaType.APPLICATION_JSON_VALUE)
public class DeadLetterController {
    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final Runnable wakeWriters;

    public DeadLetterController(DeadLetters deadLetters, AuditLog audit, CrmWakeUp wakeWriters) {
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.wakeWriters = wakeWriters;
    }

    /** Wakes the CRM writers after a replay queued a write again. */
    @FunctionalInterface
    public interface CrmWakeUp extends Runnable {
    }

    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String crm, @RequestParam(defaultValue = "false") boolean open,
            @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        RepController.requireAdmin(request);
        if (limit < 1 || limit > 500) {
            throw ApiException.badRequest("limit", "must be between 1 and 500");
        }
        return Map.of("deadLetters", deadLetters.list(crm, open, limit).stream().map(DeadLetterController::view).toList());
    }

    @PostMapping("/{id}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable long id, HttpServletRequest request) {
        ApiPrincipal who = RepController.requireAdmin(request);
        DeadLetters.Replay replay = deadLetters.replay(id)
                .orElseThrow(() -> ApiException.notFound("id", "no dead letter with id " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("result", replay.name());
        if (replay == DeadLetters.Replay.QUEUED) {
            audit.record(who.actor(), "deadletter-replayed", "deadletter:" + id, "queued again");
            wakeWriters.run();
            return ResponseEntity.ok(body);
        }
        body.put("errors", java.util.List.of(Map.of("field", "id", "message", replay == DeadLetters.Replay.ALREADY_REPLAYED
                ? "this dead letter was already replayed" : "a newer write for this lead is already queued; it carries the current decision")));
        return ResponseEntity.status(409).body(body);
    }

    private static Map<String, Object> view(DeadLetters.DeadLetter d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("leadId", d.leadId());
        view.put("crm", d.crm());
        view.put("detail", d.detail());
        view.put("attempts", d.attempts());
        view.put("createdAt", d.createdAt().toString());
        if (d.replayedAt() != null) {
            view.put("replayedAt", d.replayedAt().toString());
        }
        return view;
    }
}
