package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Queue;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadRecords;
import io.leadrouter.ledger.LeadStateRow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rep API: who am I, claim the next lead, my leads, and release / touch / done on a lead I hold. */
@RestController
@Tag(name = "rep work")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class RepWorkController {
    private static final int NOTE_MAX = 500;

    private final Policy policy;
    private final LeadLedger ledger;
    private final LeadActions actions;
    private final LeadSummaries summaries;
    private final BoardEvents board;

    public RepWorkController(Policy policy, LeadLedger ledger, LeadActions actions, LeadRecords records, ObjectMapper json,
            Clock clock, BoardEvents board) {
        this.board = board;
        this.policy = policy;
        this.ledger = ledger;
        this.actions = actions;
        this.summaries = new LeadSummaries(records, json, clock);
    }

    /** An optional note on a touch ("called, left voicemail"). */
    public record Note(String note) {
    }

    @GetMapping("/reps/me")
    public Map<String, Object> me(HttpServletRequest request) {
        ApiPrincipal who = requireRep(request);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("repId", who.repId());
        view.put("name", policy.rep(who.repId()).orElseThrow().name());
        view.put("partner", who.partner());
        view.put("queues", policy.queuesFor(who.repId()).stream().map(Queue::id).toList());
        return view;
    }

    @PostMapping("/reps/me/claims/next")
    public ResponseEntity<Map<String, Object>> claimNext(HttpServletRequest request) {
        ApiPrincipal who = requireRep(request);
        return actions.claimNext(who.repId())
                .map(row -> ResponseEntity.ok(summaries.summary(published(row), true)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @GetMapping("/reps/me/leads")
    public Map<String, Object> myLeads(HttpServletRequest request) {
        ApiPrincipal who = requireRep(request);
        List<LeadStateRow> rows = ledger.positions("ls.rep_id = :rep AND ls.status IN ('ASSIGNED', 'OFFERED', 'CLAIMED')",
                Map.of("rep", who.repId()), 1_000);
        return Map.of("leads", summaries.summaries(rows, true));
    }

    /** One lead, in full, only to the rep or partner who holds it. */
    @GetMapping("/reps/me/leads/{leadId}")
    public Map<String, Object> myLead(@PathVariable String leadId, HttpServletRequest request) {
        ApiPrincipal who = ApiPrincipal.of(request);
        LeadStateRow row = ledger.position(leadId).orElseThrow(() -> ApiException.notFound("leadId", "no lead with id '" + leadId + "'"));
        if (who.admin() || !who.repId().equals(row.repId()) || !List.of("ASSIGNED", "OFFERED", "CLAIMED", "DONE").contains(row.status())) {
            throw ApiException.forbidden("lead " + leadId + " is not yours" + (who.partner() ? ": accept its offer first" : ""));
        }
        return summaries.summary(row, true);
    }

    @PostMapping("/leads/{leadId}/release")
    public Map<String, Object> release(@PathVariable String leadId, HttpServletRequest request) {
        return summaries.summary(published(actions.release(leadId, requireRep(request).repId())), true);
    }

    @PostMapping("/leads/{leadId}/touch")
    public Map<String, Object> touch(@PathVariable String leadId, @RequestBody(required = false) Note note,
            HttpServletRequest request) {
        String text = note == null ? null : note.note();
        if (text != null && text.length() > NOTE_MAX) {
            throw ApiException.badRequest("note", "at most " + NOTE_MAX + " characters");
        }
        return summaries.summary(published(actions.touch(leadId, requireRep(request).repId(), text)), true);
    }

    @PostMapping("/leads/{leadId}/done")
    public Map<String, Object> done(@PathVariable String leadId, HttpServletRequest request) {
        return summaries.summary(published(actions.done(leadId, requireRep(request).repId())), true);
    }

    private LeadStateRow published(LeadStateRow row) {
        board.changed(row);
        return row;
    }

    static ApiPrincipal requireRep(HttpServletRequest request) {
        ApiPrincipal who = ApiPrincipal.of(request);
        if (!who.rep()) {
            throw ApiException.forbidden("this endpoint acts as a rep: call it with a rep token (POST /api/reps/{repId}/tokens)");
        }
        return who;
    }
}
