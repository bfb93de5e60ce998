package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Team;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadRecords;
import io.leadrouter.ledger.LeadStateRow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The partner API: offers to the partner's teams, showing only non-personal fields, and accept / reject within the
 * window. The offer id is the lead id (a lead is on offer to one partner team at a time).
 */
@RestController
@Tag(name = "partners")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class PartnerController {
    private static final int REASON_MAX = 500;

    private final Policy policy;
    private final LeadLedger ledger;
    private final LeadActions actions;
    private final LeadSummaries summaries;
    private final BoardEvents board;

    public PartnerController(Policy policy, LeadLedger ledger, LeadActions actions, LeadRecords records, ObjectMapper json,
            Clock clock, BoardEvents board) {
        this.board = board;
        this.policy = policy;
        this.ledger = ledger;
        this.actions = actions;
        this.summaries = new LeadSummaries(records, json, clock);
    }

    /** Why a partner rejects (optional). */
    public record Rejection(String reason) {
    }

    @GetMapping("/partners/me/offers")
    public Map<String, Object> offers(HttpServletRequest request) {
        ApiPrincipal who = requirePartner(request);
        List<String> teams = policy.teamsOf(who.repId()).stream().map(Team::id).toList();
        List<LeadStateRow> rows = teams.isEmpty() ? List.of() : ledger.positions(
                "ls.status = 'PARTNER_OFFERED' AND ls.team_id IN (:teams)", Map.of("teams", teams), 1_000);
        List<Map<String, Object>> offers = summaries.summaries(rows, false);
        offers.forEach(o -> o.put("offerId", o.get("leadId")));
        return Map.of("offers", offers);
    }

    @PostMapping("/offers/{offerId}/accept")
    public Map<String, Object> accept(@PathVariable String offerId, HttpServletRequest request) {
        ApiPrincipal who = requirePartner(request);
        LeadStateRow accepted = actions.accept(offerId, who.repId());
        board.changed(accepted);
        return summaries.summary(accepted, true);
    }

    @PostMapping("/offers/{offerId}/reject")
    public Map<String, Object> reject(@PathVariable String offerId, @RequestBody(required = false) Rejection body,
            HttpServletRequest request) {
        ApiPrincipal who = requirePartner(request);
        String reason = body == null ? null : body.reason();
        if (reason != null && reason.length() > REASON_MAX) {
            throw ApiException.badRequest("reason", "at most " + REASON_MAX + " characters");
        }
        LeadStateRow row = actions.reject(offerId, who.repId(), reason);
        board.changed(row);
        return Map.of("offerId", offerId, "status", "rejected", "leadMovedTo", row.status());
    }

    private static ApiPrincipal requirePartner(HttpServletRequest request) {
        ApiPrincipal who = RepWorkController.requireRep(request);
        if (!who.partner()) {
            throw ApiException.forbidden(who.repId() + " is not a partner user; reps use /api/reps/me/…");
        }
        return who;
    }
}
