package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.LeadContext;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.PolicyException;
import io.leadrouter.distribution.PolicyLoader;
import io.leadrouter.distribution.PolicySimulation;
import io.leadrouter.lead.FieldViolation;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.LeadRecords;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What-if for admins: {@code POST /api/policy/simulate} decides leads under the current policy or one sent in the
 * body, writing nothing; with {@code from}/{@code to} it replays that period's stored leads under both and reports
 * per-rep differences.
 */
@RestController
@Tag(name = "policy")
@RequestMapping(path = "/api/policy", produces = MediaType.APPLICATION_JSON_VALUE)
public class PolicyController {
    private static final int MAX_LEADS = 1_000;
    private static final int MAX_REPLAY = 100_000;
    private static final int MAX_POLICY_CHARS = 1024 * 1024;

    private final Policy current;
    private final LeadRecords records;
    private final ObjectMapper json;
    private final Clock clock;
    private final Function<String, List<String>> crmOfSource;

    public PolicyController(Policy current, LeadRecords records, ObjectMapper json, Clock clock, SourceCrms crms) {
        this.current = current;
        this.records = records;
        this.json = json;
        this.clock = clock;
        this.crmOfSource = crms::crmOf;
    }

    /** Which CRMs a source's leads are written to (from its mapping), so simulated reps are filtered the same way. */
    @FunctionalInterface
    public interface SourceCrms {
        List<String> crmOf(String sourceId);
    }

    /**
     * The request: {@code policy} (YAML text, optional: default the current policy), and either {@code leads}
     * (canonical leads, each optionally with {@code submittedAt}) or {@code from} and {@code to} (stored leads).
     */
    public record SimulateRequest(String policy, List<JsonNode> leads, String from, String to) {
    }

    @PostMapping("/simulate")
    public ResponseEntity<Map<String, Object>> simulate(@RequestBody SimulateRequest body, HttpServletRequest request) {
        RepController.requireAdmin(request);
        if (body == null) {
            throw ApiException.badRequest("body", "send { \"leads\": [...] } or { \"from\": ..., \"to\": ... }, optionally with \"policy\"");
        }
        Policy proposed = body.policy() == null ? current : parsePolicy(body.policy());
        boolean range = body.from() != null || body.to() != null;
        if (range == (body.leads() != null)) {
            throw ApiException.badRequest("leads", "give either leads, or from and to (a period of stored leads), not both");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("policy", body.policy() == null ? "current" : "proposed");
        if (!range) {
            List<LeadContext> leads = leads(body.leads());
            List<Map<String, Object>> decisions = new ArrayList<>();
            for (PolicySimulation.Result r : PolicySimulation.run(proposed, leads)) {
                Map<String, Object> d = r.toMap();
                d.put("decision", json.valueToTree(r.decision()));
                decisions.add(d);
            }
            answer.put("decisions", decisions);
            return ResponseEntity.ok(answer);
        }
        Instant from = RepController.instant("from", body.from());
        Instant to = RepController.instant("to", body.to());
        if (from == null || to == null || !from.isBefore(to)) {
            throw ApiException.badRequest("from", "give from and to as ISO-8601 instants, from before to");
        }
        List<LeadContext> stored = new ArrayList<>();
        for (LeadRecords.StoredLead s : records.receivedBetween(from, to, MAX_REPLAY + 1)) {
            stored.add(LeadContext.of(readLead(s.leadJson()), s.receivedAt(), crmOfSource.apply(s.sourceId())));
        }
        if (stored.size() > MAX_REPLAY) {
            throw ApiException.badRequest("to", "more than " + MAX_REPLAY + " leads in the period: choose a shorter one");
        }
        PolicySimulation.Comparison c = PolicySimulation.compare(current, proposed, stored, 50);
        answer.put("from", from.toString());
        answer.put("to", to.toString());
        answer.put("leads", c.leads());
        answer.put("changed", c.changed());
        answer.put("perRep", c.perRep().stream().map(d -> Map.of("repId", d.repId(), "current", d.current(),
                "proposed", d.proposed(), "difference", d.difference())).toList());
        Map<String, Object> outcomes = new LinkedHashMap<>();
        c.perOutcome().forEach((k, v) -> outcomes.put(k, Map.of("current", v[0], "proposed", v[1])));
        answer.put("perOutcome", outcomes);
        answer.put("firstChanges", c.firstChanges());
        return ResponseEntity.ok(answer);
    }

    private Policy parsePolicy(String text) {
        if (text.length() > MAX_POLICY_CHARS) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "policy", "the policy is larger than 1 MiB");
        }
        try {
            return PolicyLoader.parse("proposed policy", text);
        } catch (PolicyException e) {
            throw new PolicyRejected(e.problems());
        }
    }

    private List<LeadContext> leads(List<JsonNode> nodes) {
        if (nodes.isEmpty() || nodes.size() > MAX_LEADS) {
            throw ApiException.badRequest("leads", "give 1 to " + MAX_LEADS + " leads");
        }
        try {
            return PolicySimulation.readLeads(nodes, clock.instant(), crmOfSource);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw ApiException.badRequest(message.substring(0, colon), message.substring(colon + 2));
        }
    }

    private Lead readLead(String leadJson) {
        try {
            return json.readValue(leadJson, Lead.class);
        } catch (Exception e) {
            throw new IllegalStateException("a stored lead cannot be read", e);
        }
    }

    /** A proposed policy with problems: answered 422 with every problem. */
    static final class PolicyRejected extends RuntimeException {
        final List<String> problems;

        PolicyRejected(List<String> problems) {
            super("the proposed policy has problems");
            this.problems = problems;
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(PolicyRejected.class)
    ResponseEntity<String> rejected(PolicyRejected e) {
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(e.problems.stream().map(p -> new FieldViolation("policy", p)).toList()));
    }
}
