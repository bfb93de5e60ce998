package io.leadrouter.api;

import io.leadrouter.distribution.Action;
import io.leadrouter.distribution.Ladder;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Queue;
import io.leadrouter.distribution.Rep;
import io.leadrouter.distribution.Rule;
import io.leadrouter.distribution.Team;
import io.leadrouter.ledger.ConsoleQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Aggregates for the admin console that no other endpoint gives: leads per source per hour, decisions per rule and
 * strategy, SLA events, time from submission to first touch; and the current policy as teams, queues, ladders and
 * rules. Queue depth, CRM write-back and fairness come from {@code /api/queues}, {@code /api/crm} and {@code /api/reps}.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class OverviewController {
    static final int MAX_HOURS = 24 * 31;
    private static final List<String> SLA_EVENTS = List.of("escalated", "expired", "rejected");
    private static final long[] TOUCH_BUCKET_LIMITS = {300, 900, 3_600, 4 * 3_600, 24 * 3_600};
    private static final List<String> TOUCH_BUCKET_LABELS = List.of("< 5 min", "5–15 min", "15–60 min", "1–4 h", "4–24 h",
            "> 24 h");

    private final Policy policy;
    private final ConsoleQueries queries;
    private final Clock clock;

    public OverviewController(Policy policy, ConsoleQueries queries, Clock clock) {
        this.policy = policy;
        this.queries = queries;
        this.clock = clock;
    }

    @Operation(summary = "Overview of the last hours (admin)", description = "Leads per source per hour, decisions per rule"
            + " (with the rule's strategy) and per strategy, SLA events (escalations, claim expiries, partner rejections,"
            + " leads overdue now), and a histogram of submission-to-first-touch times.")
    @Tag(name = "overview")
    @GetMapping("/overview")
    public Map<String, Object> overview(@Parameter(description = "the window, 1 to 744 hours back from now")
            @RequestParam(defaultValue = "24") int hours, HttpServletRequest request) {
        RepController.requireAdmin(request);
        if (hours < 1 || hours > MAX_HOURS) {
            throw ApiException.badRequest("hours", "must be between 1 and " + MAX_HOURS);
        }
        Instant now = clock.instant();
        Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours - 1L));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", now.toString());
        body.put("leadsPerSource", leadsPerSource(from, hours));
        body.putAll(decisions(from));
        Map<String, Object> sla = new LinkedHashMap<>();
        sla.put("overdueNow", queries.overdueNow(now));
        queries.eventsByType(from, SLA_EVENTS).forEach(c -> sla.put(c.type(), c.events()));
        body.put("sla", sla);
        body.put("firstTouch", firstTouch(queries.timesToFirstTouch(from)));
        return body;
    }

    @Operation(summary = "The current distribution policy (admin)", description = "Teams with their members, queues,"
            + " ladders with their steps, and the rules in order with their conditions in words and what they do.")
    @Tag(name = "policy")
    @GetMapping("/policy")
    public Map<String, Object> policy(HttpServletRequest request) {
        RepController.requireAdmin(request);
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> teams = new ArrayList<>();
        for (Team t : policy.teams()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", t.id());
            view.put("name", t.name());
            view.put("partner", t.partner());
            view.put("members", t.members().stream().map(OverviewController::member).toList());
            teams.add(view);
        }
        body.put("teams", teams);
        List<Map<String, Object>> queues = new ArrayList<>();
        for (Queue q : policy.queues()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", q.id());
            view.put("name", q.name());
            view.put("teams", q.teamIds());
            view.put("claimLimit", q.claimLimit());
            view.put("claimExpiry", q.claimExpiry().toString());
            queues.add(view);
        }
        body.put("queues", queues);
        List<Map<String, Object>> ladders = new ArrayList<>();
        for (Ladder l : policy.ladders()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", l.id());
            view.put("businessHours", l.businessHours() == null ? null : l.businessHours().describe());
            view.put("steps", l.steps().stream().map(Ladder.Step::describe).toList());
            ladders.add(view);
        }
        body.put("ladders", ladders);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule r : policy.rules()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", r.id());
            view.put("description", r.description());
            view.put("when", r.matchesEverything() ? "every lead" : r.when().describe());
            view.put("then", describe(r.then()));
            view.put("strategy", strategy(r.then()));
            rules.add(view);
        }
        body.put("rules", rules);
        body.put("fallback", policy.fallback().map(Rep::id).orElse(null));
        return body;
    }

    private static Map<String, Object> member(Rep rep) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rep.id());
        view.put("name", rep.name());
        view.put("weight", rep.weight());
        view.put("active", rep.active());
        view.put("caps", rep.caps());
        view.put("hours", rep.hours() == null ? "always" : rep.hours().describe());
        return view;
    }

    private Map<String, Object> leadsPerSource(Instant from, int hours) {
        List<String> hourLabels = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            hourLabels.add(from.plus(Duration.ofHours(i)).toString());
        }
        Map<String, long[]> series = new TreeMap<>();
        for (ConsoleQueries.SourceHour h : queries.leadsPerSourcePerHour(from)) {
            int index = (int) Duration.between(from, h.hour()).toHours();
            if (index >= 0 && index < hours) {
                series.computeIfAbsent(h.sourceId(), s -> new long[hours])[index] += h.leads();
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        series.forEach((source, counts) -> out.add(Map.of("sourceId", source, "counts", counts)));
        return Map.of("hours", hourLabels, "series", out);
    }

    private Map<String, Object> decisions(Instant from) {
        List<Map<String, Object>> perRule = new ArrayList<>();
        Map<String, Long> perStrategy = new TreeMap<>();
        for (ConsoleQueries.RuleOutcome d : queries.decisionsPerRule(from)) {
            String strategy = d.ruleId() == null ? "none" : policy.rule(d.ruleId()).map(r -> strategy(r.then())).orElse("retired rule");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ruleId", d.ruleId() == null ? "(no rule)" : d.ruleId());
            row.put("strategy", strategy);
            row.put("outcome", d.outcome());
            row.put("decisions", d.decisions());
            perRule.add(row);
            perStrategy.merge(strategy, d.decisions(), Long::sum);
        }
        return Map.of("decisionsPerRule", perRule, "decisionsPerStrategy", perStrategy);
    }

    private static Map<String, Object> firstTouch(List<Duration> times) {
        long[] counts = new long[TOUCH_BUCKET_LABELS.size()];
        List<Long> seconds = new ArrayList<>(times.size());
        for (Duration d : times) {
            long s = Math.max(0, d.toSeconds());
            seconds.add(s);
            int bucket = 0;
            while (bucket < TOUCH_BUCKET_LIMITS.length && s >= TOUCH_BUCKET_LIMITS[bucket]) {
                bucket++;
            }
            counts[bucket]++;
        }
        seconds.sort(null);
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            buckets.add(Map.of("label", TOUCH_BUCKET_LABELS.get(i), "leads", counts[i]));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("touched", times.size());
        view.put("medianSeconds", seconds.isEmpty() ? null : seconds.get(seconds.size() / 2));
        view.put("buckets", buckets);
        return view;
    }

    private static String strategy(Action action) {
        if (action instanceof Action.Push push) {
            return push.strategy().externalName();
        }
        if (action instanceof Action.Pull) {
            return "pull";
        }
        return "ladder";
    }

    private static String describe(Action action) {
        if (action instanceof Action.Push push) {
            return "push to team " + push.teamId() + " by " + push.strategy().externalName() + (push.sticky() ? ", sticky" : "")
                    + (push.fallbackIfNobody() ? ", fallback owner if nobody is eligible" : ", hold if nobody is eligible");
        }
        if (action instanceof Action.Pull pull) {
            return "pull: queue " + pull.queueId() + " at priority " + pull.priority();
        }
        return "ladder " + ((Action.UseLadder) action).ladderId();
    }
}
