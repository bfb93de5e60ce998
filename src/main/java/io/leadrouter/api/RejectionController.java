package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.intake.LeadIntake;
import io.leadrouter.ledger.AuditLog;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.Rejections;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kept rejections for admins: what did not map, from which source, why, and the exact submission; a replay maps it
 * again with the current mapping file (after a fix) and, if it now maps, routes the lead.
 */
@RestController
@Tag(name = "rejections")
@RequestMapping(path = "/api/rejections", produces = MediaType.APPLICATION_JSON_VALUE)
public class RejectionController {
    private static final int MAX_LIMIT = 500;

    private final Rejections rejections;
    private final Inbox inbox;
    private final LeadIntake intake;
    private final LeadWakeUp leadProcessor;
    private final AuditLog audit;
    private final ObjectMapper json;

    public RejectionController(Rejections rejections, Inbox inbox, LeadIntake intake,
            LeadWakeUp leadProcessor, AuditLog audit, ObjectMapper json) {
        this.rejections = rejections;
        this.inbox = inbox;
        this.intake = intake;
        this.leadProcessor = leadProcessor;
        this.audit = audit;
        this.json = json;
    }

    /** Wakes the decision stage after a replay stored a lead. */
    @FunctionalInterface
    public interface LeadWakeUp extends Runnable {
    }

    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String source,
            @RequestParam(defaultValue = "false") boolean open, @RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        RepController.requireAdminOrIntegration(request);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return Map.of("rejections", rejections.list(source, open, limit).stream().map(this::view).toList());
    }

    @GetMapping("/{rejectionId}")
    public Map<String, Object> one(@PathVariable String rejectionId, HttpServletRequest request) {
        RepController.requireAdminOrIntegration(request);
        return rejections.find(rejectionId).map(this::view)
                .orElseThrow(() -> ApiException.notFound("rejectionId", "no rejection with id '" + rejectionId + "'"));
    }

    @PostMapping("/{rejectionId}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable String rejectionId, HttpServletRequest request) {
        ApiPrincipal who = RepController.requireAdminOrIntegration(request);
        Inbox.ReplayResult result = inbox.replay(rejectionId, intake::map)
                .orElseThrow(() -> ApiException.notFound("rejectionId", "no rejection with id '" + rejectionId + "'"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rejectionId", rejectionId);
        if (result.succeeded()) {
            leadProcessor.run();
            audit.record(who.actor(), "rejection-replayed", "rejection:" + rejectionId, "lead " + result.leadId());
            body.put("replayed", true);
            body.put("leadId", result.leadId());
            return ResponseEntity.ok(body);
        }
        audit.record(who.actor(), "rejection-replay-failed", "rejection:" + rejectionId, "still does not map");
        body.put("replayed", false);
        body.put("errors", reasons(result.reasonsJson()));
        return ResponseEntity.status(422).body(body);
    }

    private Map<String, Object> view(Rejections.Rejection r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("rejectionId", r.rejectionId());
        view.put("sourceId", r.sourceId());
        view.put("submissionId", r.submissionId());
        view.put("eventIndex", r.eventIndex());
        view.put("rejectedAt", r.rejectedAt().toString());
        view.put("errors", reasons(r.reasonsJson()));
        view.put("contentType", r.contentType());
        view.put("submitted", r.submitted());
        if (r.replayedAt() != null) {
            view.put("replayedAt", r.replayedAt().toString());
        }
        if (r.leadId() != null) {
            view.put("leadId", r.leadId());
        }
        return view;
    }

    private List<?> reasons(String reasonsJson) {
        try {
            return json.readValue(reasonsJson, List.class);
        } catch (JsonProcessingException e) {
            return List.of(Map.of("field", "reasons", "message", "stored reasons are unreadable"));
        }
    }
}
