package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadrouter.distribution.Availability;
import io.leadrouter.distribution.Caps;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Rep;
import io.leadrouter.distribution.Team;
import io.leadrouter.ledger.AuditLog;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.RepStateRow;
import io.leadrouter.ledger.RepTokens;
import io.leadrouter.ledger.StateSnapshot;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admin API for reps: each rep's ledger (entitlement, received, open, today vs caps), volatile availability and
 * capacity overrides, rep and partner tokens, and the audit of every change.
 */
@RestController
@Tag(name = "reps")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class RepController {
    private final Policy policy;
    private final LeadLedger ledger;
    private final RepTokens tokens;
    private final AuditLog audit;
    private final Clock clock;

    public RepController(Policy policy, LeadLedger ledger, RepTokens tokens, AuditLog audit, Clock clock) {
        this.policy = policy;
        this.ledger = ledger;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** A change of availability: {@code status} available | paused | out-of-office, optional end time. */
    public record AvailabilityChange(String status, String until) {
    }

    /** A capacity override; a null limit falls back to the policy's cap. */
    public record CapacityChange(Integer perDay, Integer open) {
    }

    /** A token request: a label to recognise it by. */
    public record TokenRequest(String label) {
        /** The label of {@code body} stripped (null when none); over 200 characters is a 400 naming {@code label}. */
        static String labelOf(TokenRequest body) {
            String label = body == null || body.label() == null ? null : body.label().strip();
            if (label != null && label.length() > 200) {
                throw ApiException.badRequest("label", "at most 200 characters");
            }
            return label;
        }
    }

    @GetMapping("/reps")
    public Map<String, Object> reps(HttpServletRequest request) {
        requireAdmin(request);
        StateSnapshot state = ledger.read(policy.teamIds(), repIds());
        List<Map<String, Object>> reps = new ArrayList<>();
        for (Rep rep : policy.reps()) {
            reps.add(view(rep, state));
        }
        return Map.of("reps", reps);
    }

    @GetMapping("/reps/{repId}")
    public Map<String, Object> rep(@PathVariable String repId, HttpServletRequest request) {
        requireAdmin(request);
        Rep rep = known(repId);
        return view(rep, ledger.read(policy.teamIds(), List.of(repId)));
    }

    @PutMapping("/reps/{repId}/availability")
    public Map<String, Object> availability(@PathVariable String repId, @RequestBody AvailabilityChange change,
            HttpServletRequest request) {
        ApiPrincipal who = requireAdmin(request);
        Rep rep = known(repId);
        Availability.Status status = Availability.Status.fromName(change == null ? null : change.status())
                .orElseThrow(() -> ApiException.badRequest("status", "expected one of " + Availability.Status.names()));
        Instant until = instant("until", change.until());
        if (until != null && status == Availability.Status.AVAILABLE) {
            throw ApiException.badRequest("until", "'until' is for paused or out-of-office; leave it out for available");
        }
        if (until != null && !until.isAfter(clock.instant())) {
            throw ApiException.badRequest("until", "must be in the future");
        }
        ledger.updateRep(repId, row -> new RepStateRow(row.repId(), row.openLeads(), row.loadDay(), row.dayCount(),
                status.externalName(), until, row.capPerDay(), row.capOpen(), clock.instant(), who.actor()));
        audit.record(who.actor(), "availability", "rep:" + repId, status.externalName() + (until == null ? "" : " until " + until));
        ledger.wakeHeld();
        return view(rep, ledger.read(policy.teamIds(), List.of(repId)));
    }

    @PutMapping("/reps/{repId}/capacity")
    public Map<String, Object> capacity(@PathVariable String repId, @RequestBody CapacityChange change,
            HttpServletRequest request) {
        ApiPrincipal who = requireAdmin(request);
        Rep rep = known(repId);
        if (change == null) {
            throw ApiException.badRequest("body", "send { \"perDay\": n, \"open\": n } (null clears an override)");
        }
        if (change.perDay() != null && change.perDay() < 0 || change.open() != null && change.open() < 0) {
            throw ApiException.badRequest(change.perDay() != null && change.perDay() < 0 ? "perDay" : "open", "cannot be negative");
        }
        ledger.updateRep(repId, row -> new RepStateRow(row.repId(), row.openLeads(), row.loadDay(), row.dayCount(),
                row.availability(), row.availableUntil(), change.perDay(), change.open(), clock.instant(), who.actor()));
        audit.record(who.actor(), "capacity", "rep:" + repId, "perDay=" + change.perDay() + ", open=" + change.open());
        ledger.wakeHeld();
        return view(rep, ledger.read(policy.teamIds(), List.of(repId)));
    }

    @PostMapping("/reps/{repId}/tokens")
    public ResponseEntity<Map<String, Object>> issueToken(@PathVariable String repId,
            @RequestBody(required = false) TokenRequest body, HttpServletRequest request) {
        ApiPrincipal who = requireAdmin(request);
        Rep rep = known(repId);
        RepTokens.Issued issued = tokens.issue(rep.id(), TokenRequest.labelOf(body), who.actor());
        audit.record(who.actor(), "token-issued", "rep:" + repId, "token " + issued.info().id());
        return issuedAnswer(issued, "repId");
    }

    /** 201 with the new token's view and, this once, the token itself. */
    static ResponseEntity<Map<String, Object>> issuedAnswer(RepTokens.Issued issued, String holderKey) {
        Map<String, Object> view = new LinkedHashMap<>(tokenView(issued.info(), holderKey));
        view.put("token", issued.secret());
        view.put("note", "shown once: leadrouter keeps only a hash of it");
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @GetMapping("/reps/{repId}/tokens")
    public Map<String, Object> tokens(@PathVariable String repId, HttpServletRequest request) {
        requireAdmin(request);
        known(repId);
        return Map.of("tokens", tokens.list(repId).stream().map(RepController::tokenView).toList());
    }

    @DeleteMapping("/reps/{repId}/tokens/{tokenId}")
    public ResponseEntity<Void> revoke(@PathVariable String repId, @PathVariable String tokenId, HttpServletRequest request) {
        ApiPrincipal who = requireAdmin(request);
        known(repId);
        if (!tokens.revoke(repId, tokenId, who.actor())) {
            throw ApiException.notFound("tokenId", "rep " + repId + " has no live token '" + tokenId + "'");
        }
        audit.record(who.actor(), "token-revoked", "rep:" + repId, "token " + tokenId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/audit")
    public Map<String, Object> audit(@RequestParam(required = false) String target,
            @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        requireAdmin(request);
        return Map.of("entries", audit.latest(target, Math.max(1, Math.min(limit, 1000))));
    }

    private Map<String, Object> view(Rep rep, StateSnapshot state) {
        RepStateRow row = state.reps().getOrDefault(rep.id(), RepStateRow.fresh(rep.id()));
        Instant now = clock.instant();
        LocalDate today = now.atZone(rep.zone()).toLocalDate();
        Caps caps = rep.caps().overriddenBy(row.capPerDay() == null && row.capOpen() == null ? null
                : new Caps(row.capPerDay(), row.capOpen()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rep.id());
        view.put("name", rep.name());
        view.put("teams", policy.teamsOf(rep.id()).stream().map(Team::id).toList());
        view.put("partner", rep.partner());
        view.put("active", rep.active());
        view.put("weight", rep.weight());
        view.put("crm", rep.crmUserIds());
        Map<String, Object> availability = new LinkedHashMap<>();
        availability.put("status", row.availability());
        availability.put("until", row.availableUntil() == null ? null : row.availableUntil().toString());
        availability.put("changedAt", row.updatedAt() == null ? null : row.updatedAt().toString());
        availability.put("changedBy", row.updatedBy());
        view.put("availability", availability);
        view.put("workingHours", rep.hours() == null ? "always" : rep.hours().describe());
        view.put("workingNow", rep.hours() == null || rep.hours().isOpen(now));
        Map<String, Object> today_ = new LinkedHashMap<>();
        today_.put("day", today.toString());
        today_.put("received", row.leadsOn(today));
        today_.put("cap", caps.perDay());
        view.put("today", today_);
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("count", row.openLeads());
        open.put("cap", caps.open());
        view.put("open", open);
        Map<String, Object> override = new LinkedHashMap<>();
        override.put("perDay", row.capPerDay());
        override.put("open", row.capOpen());
        view.put("capacityOverride", override);
        List<Map<String, Object>> ledgers = new ArrayList<>();
        for (Team team : policy.teamsOf(rep.id())) {
            double[] s = state.standings().getOrDefault(StateSnapshot.standingKey(team.id(), rep.id()), new double[2]);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("teamId", team.id());
            l.put("entitlement", Math.round(s[0] * 1000) / 1000.0);
            l.put("received", (long) s[1]);
            l.put("owed", Math.round((s[0] - s[1]) * 1000) / 1000.0);
            ledgers.add(l);
        }
        view.put("ledger", ledgers);
        return view;
    }

    private static Map<String, Object> tokenView(RepTokens.TokenInfo t) {
        return tokenView(t, "repId");
    }

    /** A token as the API shows it (never the token itself); {@code holderKey} names its holder's id. */
    static Map<String, Object> tokenView(RepTokens.TokenInfo t, String holderKey) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put(holderKey, t.repId());
        view.put("label", t.label());
        view.put("createdAt", t.createdAt().toString());
        view.put("createdBy", t.createdBy());
        view.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        view.put("revokedBy", t.revokedBy());
        return view;
    }

    private List<String> repIds() {
        return policy.reps().stream().map(Rep::id).toList();
    }

    private Rep known(String repId) {
        return policy.rep(repId).orElseThrow(() -> ApiException.notFound("repId", "no rep '" + repId + "' in the policy"));
    }

    /** The admin, or an integration (a system that submits and reads leads): for reading leads and rejections. */
    static ApiPrincipal requireAdminOrIntegration(HttpServletRequest request) {
        ApiPrincipal who = ApiPrincipal.of(request);
        if (!who.admin() && !who.integration()) {
            throw ApiException.forbidden("admin or integration token only");
        }
        return who;
    }

    static ApiPrincipal requireAdmin(HttpServletRequest request) {
        ApiPrincipal who = ApiPrincipal.of(request);
        if (!who.admin()) {
            throw ApiException.forbidden("admin only");
        }
        return who;
    }

    static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "'" + text + "' is not an ISO-8601 instant such as 2025-03-10T09:00:00Z");
        }
    }
}
