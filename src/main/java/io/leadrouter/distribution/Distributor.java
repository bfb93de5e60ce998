package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides where a lead goes under a {@link Policy}: the first rule whose conditions all hold picks a team, and its
 * strategy picks a rep. Stateless and thread-safe; it reads the round-robin cursor but never moves it.
 */
public final class Distributor {
    private final Policy policy;
    private final Clock clock;
    /** Team id to (rep id to position in the member list), so finding the previous turn is a lookup. */
    private final Map<String, Map<String, Integer>> positions = new HashMap<>();

    public Distributor(Policy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Team team : policy.teams()) {
            Map<String, Integer> byRep = new HashMap<>();
            for (int i = 0; i < team.members().size(); i++) {
                byRep.putIfAbsent(team.members().get(i).id(), i);
            }
            positions.put(team.id(), Map.copyOf(byRep));
        }
    }

    /**
     * Decides for one lead.
     *
     * @param crm   the CRM the lead will be written to (see {@link Crms}); reps without a user id there are skipped
     * @param state the teams' round-robin cursors; the caller stores {@link Assign#repId()} as the new cursor
     */
    public Decision decide(Lead lead, String crm, RoundRobinState state) {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(state, "state");
        if (!Crms.ALL.contains(crm)) {
            throw new IllegalArgumentException("unknown crm '" + crm + "'; use one of " + Crms.ALL);
        }
        Instant now = clock.instant();
        List<RuleTrial> trials = new ArrayList<>(policy.rules().size());
        for (Rule rule : policy.rules()) {
            Condition failed = firstFailing(rule, lead);
            if (failed != null) {
                trials.add(new RuleTrial(rule.id(), false, failed.explain(lead)));
                continue;
            }
            trials.add(new RuleTrial(rule.id(), true, matchedDetail(rule, lead)));
            if (rule.then() instanceof Push push) {
                return push(rule, push, crm, state, trials, now);
            }
            throw new IllegalStateException("rule '" + rule.id() + "' has an action this engine cannot run: " + rule.then());
        }
        String tried = trials.stream().map(t -> "'" + t.ruleId() + "' (" + t.detail() + ")").collect(Collectors.joining(", "));
        return new Hold("no rule matched the lead",
                new Trace(trials, List.of(), "no rule matched: " + tried), now);
    }

    private static Condition firstFailing(Rule rule, Lead lead) {
        for (Condition condition : rule.when()) {
            if (!condition.test(lead)) {
                return condition;
            }
        }
        return null;
    }

    private static String matchedDetail(Rule rule, Lead lead) {
        if (rule.matchesEverything()) {
            return "no conditions: matches every lead";
        }
        return rule.when().stream().map(c -> c.explain(lead)).collect(Collectors.joining("; "));
    }

    private Decision push(Rule rule, Push push, String crm, RoundRobinState state, List<RuleTrial> trials, Instant now) {
        Team team = policy.team(push.teamId()).orElseThrow();
        List<Rep> members = team.members();
        Optional<String> last = state.lastAssigned(team.id());
        Integer lastPosition = last.map(positions.get(team.id())::get).orElse(null);
        int start = lastPosition == null ? 0 : lastPosition + 1;
        List<RepSkip> skipped = new ArrayList<>();
        String strategyWords = push.strategy().externalName().replace('-', ' ');
        for (int i = 0; i < members.size(); i++) {
            Rep rep = members.get((start + i) % members.size());
            String ineligible = whyIneligible(rep, crm);
            if (ineligible != null) {
                skipped.add(new RepSkip(rep.id(), ineligible));
                continue;
            }
            String turn;
            if (last.isEmpty()) {
                turn = "gave the first turn to " + rep.id();
            } else if (lastPosition == null) {
                turn = "gave the turn to " + rep.id() + ", starting over at the first member because "
                        + last.get() + " (previous turn) is no longer in the team";
            } else {
                turn = "gave the turn after " + last.get() + " to " + rep.id();
            }
            String summary = "rule '" + rule.id() + "' matched; " + strategyWords + " in team '" + team.id() + "' "
                    + turn + skippedWords(skipped);
            return new Assign(rule.id(), team.id(), rep.id(), rep.name(), push.strategy().externalName(),
                    rep.crmUserIds(), new Trace(trials, skipped, summary), now);
        }
        String reason = "rule '" + rule.id() + "' matched but no rep in team '" + team.id() + "' can take a "
                + crm + " lead" + skippedWords(skipped);
        return new Hold(reason, new Trace(trials, skipped, reason), now);
    }

    private static String whyIneligible(Rep rep, String crm) {
        if (!rep.active()) {
            return "paused";
        }
        if (rep.crmUserId(crm) == null) {
            return "no " + crm + " user id";
        }
        return null;
    }

    private static String skippedWords(List<RepSkip> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        return skipped.stream().map(s -> s.repId() + " skipped: " + s.reason())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
