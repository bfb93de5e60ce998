package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.LeadFlow;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Queue;
import io.leadrouter.distribution.Rep;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadRecords;
import io.leadrouter.ledger.LeadStateRow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Pull queues: depth and age for admins; cherry-picking (filter, then claim) for the reps who may claim from them. */
@RestController
@Tag(name = "queues")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class QueueController {
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final Policy policy;
    private final LeadFlow flow;
    private final LeadLedger ledger;
    private final LeadActions actions;
    private final LeadSummaries summaries;
    private final Clock clock;
    private final BoardEvents board;

    public QueueController(Policy policy, LeadFlow flow, LeadLedger ledger, LeadActions actions, LeadRecords records,
            ObjectMapper json, Clock clock, BoardEvents board) {
        this.board = board;
        this.policy = policy;
        this.flow = flow;
        this.ledger = ledger;
        this.actions = actions;
        this.summaries = new LeadSummaries(records, json, clock);
        this.clock = clock;
    }

    @GetMapping("/queues")
    public Map<String, Object> queues(HttpServletRequest request) {
        RepController.requireAdmin(request);
        List<Map<String, Object>> queues = new ArrayList<>();
        for (Queue q : policy.queues()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", q.id());
            view.put("name", q.name());
            LeadLedger.QueueStats stats = ledger.queueStats(q.id());
            view.put("depth", stats.waiting());
            view.put("claimed", stats.claimed());
            view.put("oldestAgeSeconds", stats.oldestWaiting() == null ? null
                    : Duration.between(stats.oldestWaiting(), clock.instant()).toSeconds());
            view.put("claimLimit", q.claimLimit());
            view.put("claimExpirySeconds", q.claimExpiry().toSeconds());
            view.put("teams", q.teamIds());
            view.put("eligibleReps", policy.reps().stream().filter(r -> flow.mayClaim(r, q)).map(Rep::id).toList());
            view.put("crm", q.crmOwnerIds());
            queues.add(view);
        }
        return Map.of("queues", queues);
    }

    /** Cherry-pick: the queue's waiting leads, priority then age, filtered by country, source or minimum priority. */
    @GetMapping("/queues/{queueId}/leads")
    public Map<String, Object> leads(@PathVariable String queueId, @RequestParam(required = false) String country,
            @RequestParam(required = false) String source, @RequestParam(required = false) Integer minPriority,
            @RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
        ApiPrincipal who = ApiPrincipal.of(request);
        Queue queue = policy.queue(queueId).orElseThrow(() -> ApiException.notFound("queueId", "no queue '" + queueId + "'"));
        if (!who.admin() && !flow.mayClaim(policy.rep(who.repId()).orElseThrow(), queue)) {
            throw ApiException.forbidden(who.repId() + " may not claim from queue '" + queueId + "' (teams " + queue.teamIds() + ")");
        }
        StringBuilder where = new StringBuilder("ls.queue_id = :queue AND ls.status = 'QUEUED'");
        Map<String, Object> params = new HashMap<>();
        params.put("queue", queueId);
        if (minPriority != null) {
            where.append(" AND ls.priority >= :minPriority");
            params.put("minPriority", minPriority);
        }
        List<LeadStateRow> rows = ledger.positions(where.toString(), params, 5_000);
        List<Map<String, Object>> views = summaries.summaries(rows, true);
        String wantCountry = country == null ? null : valid("country", country, COUNTRY).toUpperCase(Locale.ROOT);
        String wantSource = source == null ? null : valid("source", source, SOURCE);
        int max = Math.max(1, Math.min(limit, 500));
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> v : views) {
            com.fasterxml.jackson.databind.JsonNode lead = (com.fasterxml.jackson.databind.JsonNode) v.get("lead");
            if (wantCountry != null && (lead == null || !wantCountry.equals(lead.path("country").asText(null)))) {
                continue;
            }
            if (wantSource != null && (lead == null || !wantSource.equals(lead.path("sourceId").asText(null)))) {
                continue;
            }
            kept.add(v);
            if (kept.size() == max) {
                break;
            }
        }
        return Map.of("queueId", queueId, "leads", kept);
    }

    @PostMapping("/queues/{queueId}/leads/{leadId}/claim")
    public Map<String, Object> claim(@PathVariable String queueId, @PathVariable String leadId, HttpServletRequest request) {
        ApiPrincipal who = RepWorkController.requireRep(request);
        policy.queue(queueId).orElseThrow(() -> ApiException.notFound("queueId", "no queue '" + queueId + "'"));
        LeadStateRow claimed = actions.claim(leadId, queueId, who.repId());
        board.changed(claimed);
        return summaries.summary(claimed, true);
    }

    private static String valid(String field, String value, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw ApiException.badRequest(field, "'" + value + "' is not a valid " + field + " filter");
        }
        return value;
    }
}
