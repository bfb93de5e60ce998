package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides where a lead goes under a {@link Policy}: the first rule whose condition holds pushes it to a rep, puts it
 * in a pull queue, or starts it on a ladder. Pure: it reads a {@link DistributionState} snapshot and returns the
 * decision with the {@link StateChange}s it made; time comes from the injected Clock. Thread-safe.
 */
public final class Distributor {
    private static final double EPSILON = 1e-9;

    private final Policy policy;
    private final Clock clock;
    /** Team id to (rep id to position in the member list), so the order after the last turn is a lookup. */
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

    public Policy policy() {
        return policy;
    }

    /** Decides a new (or held) lead from the first rule on. */
    public Outcome decide(LeadContext context, DistributionState state) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(state, "state");
        Instant now = clock.instant();
        Lead lead = context.lead();
        List<RuleTrial> trials = new ArrayList<>(policy.rules().size());
        for (Rule rule : policy.rules()) {
            boolean matched = rule.when().test(lead);
            trials.add(new RuleTrial(rule.id(), matched, rule.when().explain(lead)));
            if (!matched) {
                continue;
            }
            if (rule.then() instanceof Action.Push push) {
                return push(context, rule, push, trials, state, now);
            }
            if (rule.then() instanceof Action.Pull pull) {
                return pull(rule, pull, trials, now);
            }
            Action.UseLadder use = (Action.UseLadder) rule.then();
            return ladder(context, rule.id(), policy.ladder(use.ladderId()).orElseThrow(), 0, trials,
                    "rule '" + rule.id() + "' matched", state, now);
        }
        String tried = trials.stream().map(t -> "'" + t.ruleId() + "' (" + t.detail() + ")").collect(Collectors.joining(", "));
        String reason = "no rule matched the lead";
        return new Outcome(new Hold(reason, null, null, new Trace(trials, List.of(), "no rule matched: " + tried), now),
                List.of());
    }

    /**
     * Moves a lead on along its ladder, from step {@code fromStep}: its previous step ran out, was released or was
     * rejected ({@code why} says which, for the trace).
     */
    public Outcome continueLadder(LeadContext context, String ruleId, String ladderId, int fromStep, String why,
            DistributionState state) {
        Ladder ladder = policy.ladder(ladderId).orElse(null);
        Instant now = clock.instant();
        if (ladder == null) {
            String reason = "ladder '" + ladderId + "' is no longer in the policy";
            return new Outcome(new Hold(reason, ruleId, null, new Trace(List.of(), List.of(), reason), now), List.of());
        }
        return ladder(context, ruleId, ladder, fromStep, List.of(), why, state, now);
    }

    private Outcome push(LeadContext context, Rule rule, Action.Push push, List<RuleTrial> trials,
            DistributionState state, Instant now) {
        Team team = policy.team(push.teamId()).orElseThrow();
        List<RepSkip> skipped = new ArrayList<>();
        List<String> stickyKeys = policy.usesSticky() ? stickyKeys(context.lead()) : List.of();
        List<String> unknownOwners = new ArrayList<>();
        if (push.sticky()) {
            for (String key : stickyKeys) {
                Optional<Rep> owner = state.owner(key).flatMap(policy::rep);
                if (owner.isEmpty()) {
                    state.stickyNote(key).ifPresent(unknownOwners::add);
                    continue;
                }
                Rep rep = owner.get();
                Eligibility.Skip skip = Eligibility.check(rep, context.crms(), now, state);
                if (skip == null) {
                    String summary = "rule '" + rule.id() + "' matched; sticky: " + rep.id() + " already owns leads of "
                            + maskedKey(key) + state.stickyNote(key).map(n -> " (" + n + ")").orElse("") + skippedWords(skipped);
                    List<StateChange> changes = new ArrayList<>();
                    changes.add(load(rep, now, 1));
                    stickyKeys.forEach(k -> changes.add(new StateChange.Ownership(k, rep.id())));
                    return new Outcome(new Assign(rule.id(), team.id(), rep.id(), rep.name(), "sticky", rep.crmUserIds(),
                            new Trace(trials, skipped, summary), now, null, null), changes);
                }
                skipped.add(new RepSkip(rep.id(), "sticky owner of " + maskedKey(key) + " but " + skip.reason()));
                break;
            }
        }
        String noOwner = unknownOwners.isEmpty() ? "" : "; no sticky owner known: " + String.join("; ", unknownOwners);
        Rotation pick = rotate(team, push.strategy(), context.crms(), now, state, skipped);
        if (pick != null) {
            String summary = "rule '" + rule.id() + "' matched; " + pick.words + skippedWords(skipped) + noOwner;
            List<StateChange> changes = new ArrayList<>(pick.changes(now));
            stickyKeys.forEach(k -> changes.add(new StateChange.Ownership(k, pick.rep.id())));
            return new Outcome(new Assign(rule.id(), team.id(), pick.rep.id(), pick.rep.name(),
                    push.strategy().externalName(), pick.rep.crmUserIds(), new Trace(trials, skipped, summary), now,
                    null, null), changes);
        }
        String nobody = "rule '" + rule.id() + "' matched but no rep in team '" + team.id() + "' can take "
                + (context.crms().isEmpty() ? "the lead" : "a " + String.join(" + ", context.crms()) + " lead") + skippedWords(skipped)
                + noOwner;
        if (push.fallbackIfNobody() && policy.fallback().isPresent()) {
            Rep fallback = policy.fallback().get();
            String summary = nobody + "; assigned to the fallback owner " + fallback.id();
            return new Outcome(new Assign(rule.id(), team.id(), fallback.id(), fallback.name(), "fallback",
                    fallback.crmUserIds(), new Trace(trials, skipped, summary), now, null, null),
                    List.of(load(fallback, now, 1)));
        }
        Instant retry = earliestReturn(team, context.crms(), now, state);
        String reason = nobody + "; held until someone is available";
        return new Outcome(new Hold(reason, rule.id(), retry, new Trace(trials, skipped, reason), now), List.of());
    }

    private Outcome pull(Rule rule, Action.Pull pull, List<RuleTrial> trials, Instant now) {
        Queue queue = policy.queue(pull.queueId()).orElseThrow();
        String summary = "rule '" + rule.id() + "' matched; queued in '" + queue.id() + "' (priority " + pull.priority()
                + ") for members of " + queue.teamIds() + " to claim";
        return new Outcome(new Enqueue(rule.id(), queue.id(), pull.priority(), queue.crmOwnerIds(),
                new Trace(trials, List.of(), summary), now, null, null, null), List.of());
    }

    private Outcome ladder(LeadContext context, String ruleId, Ladder ladder, int fromStep, List<RuleTrial> trials,
            String why, DistributionState state, Instant now) {
        List<StepTrial> steps = new ArrayList<>();
        List<RepSkip> skipped = new ArrayList<>();
        for (int i = fromStep; i < ladder.steps().size(); i++) {
            Ladder.Step step = ladder.steps().get(i);
            Instant deadline = ladder.deadline(i, context.submittedAt());
            String prefix = why + "; ladder '" + ladder.id() + "' step " + (i + 1) + " (" + step.describe() + ")";
            if (deadline != null && !deadline.isAfter(now)) {
                steps.add(new StepTrial(i, step.describe(), "skipped: its deadline " + deadline + " had passed"));
                continue;
            }
            String due = deadline == null ? "" : " until " + deadline;
            if (step instanceof Ladder.Offer offer) {
                    Team team = policy.team(offer.teamId()).orElseThrow();
                    int before = skipped.size();
                    Rotation pick = rotate(team, offer.strategy(), context.crms(), now, state, skipped);
                    if (pick == null) {
                        steps.add(new StepTrial(i, step.describe(), "skipped: nobody available"
                                + skippedWords(skipped.subList(before, skipped.size()))));
                        continue;
                    }
                    steps.add(new StepTrial(i, step.describe(), "offered to " + pick.rep.id() + due));
                    String summary = prefix + ": " + pick.words + due + skippedWords(skipped);
                    return new Outcome(new Offer(ruleId, team.id(), pick.rep.id(), pick.rep.name(), false,
                            offer.strategy().externalName(), pick.rep.crmUserIds(), new Trace(trials, skipped, steps, summary),
                            now, ladder.id(), i, deadline), pick.changes(now));
            } else if (step instanceof Ladder.Pool pool) {
                    Queue queue = policy.queue(pool.queueId()).orElseThrow();
                    steps.add(new StepTrial(i, step.describe(), "queued" + due));
                    String summary = prefix + ": queued in '" + queue.id() + "'" + due;
                    return new Outcome(new Enqueue(ruleId, queue.id(), pool.priority(), queue.crmOwnerIds(),
                            new Trace(trials, skipped, steps, summary), now, ladder.id(), i, deadline), List.of());
            } else if (step instanceof Ladder.Partner partner) {
                    Team team = policy.team(partner.teamId()).orElseThrow();
                    List<RepSkip> partnerSkips = new ArrayList<>();
                    boolean anyone = false;
                    for (Rep rep : team.members()) {
                        Eligibility.Skip skip = Eligibility.check(rep, java.util.Set.of(), now, state);
                        if (skip == null || skip.kind() == Eligibility.Kind.AWAY) {
                            anyone = true;
                        } else {
                            partnerSkips.add(new RepSkip(rep.id(), skip.reason()));
                        }
                    }
                    if (!anyone) {
                        skipped.addAll(partnerSkips);
                        steps.add(new StepTrial(i, step.describe(), "skipped: no partner user can accept"
                                + skippedWords(partnerSkips)));
                        continue;
                    }
                    steps.add(new StepTrial(i, step.describe(), "offered to partner team '" + team.id() + "'" + due));
                    String summary = prefix + ": offered to partner team '" + team.id() + "'" + due;
                    return new Outcome(new Offer(ruleId, team.id(), null, null, true, "partner", Map.of(),
                            new Trace(trials, skipped, steps, summary), now, ladder.id(), i, deadline), List.of());
            } else {
                    Rep owner = policy.fallback().orElseThrow();
                    steps.add(new StepTrial(i, step.describe(), "assigned to " + owner.id()));
                    String summary = prefix + ": assigned to the fallback owner " + owner.id();
                    return new Outcome(new Assign(ruleId, null, owner.id(), owner.name(), "fallback", owner.crmUserIds(),
                            new Trace(trials, skipped, steps, summary), now, ladder.id(), i), List.of(load(owner, now, 1)));
            }
        }
        String reason = why + "; ladder '" + ladder.id() + "' has no step left that can take the lead";
        return new Outcome(new Hold(reason, ruleId, null, new Trace(trials, skipped, steps, reason), now), List.of());
    }

    /**
     * Picks the eligible member furthest behind their entitlement (weights for {@code weighted}, open leads first for
     * {@code least-loaded}); ties go in member order after the previous turn. Null when nobody is eligible.
     */
    private Rotation rotate(Team team, Strategy strategy, java.util.Set<String> crms, Instant now, DistributionState state,
            List<RepSkip> skipped) {
        // per member, by its index in the team: eligible now, or away but still earning (catch-up); arrays rather than
        // sets and maps, as this runs for every member on every lead
        List<Rep> members = team.members();
        int size = members.size();
        boolean[] eligibleAt = new boolean[size];
        boolean[] awayAt = new boolean[size];
        int eligibleCount = 0;
        for (int i = 0; i < size; i++) {
            Rep rep = members.get(i);
            Eligibility.Skip skip = Eligibility.check(rep, crms, now, state);
            if (skip == null) {
                eligibleAt[i] = true;
                eligibleCount++;
            } else {
                skipped.add(new RepSkip(rep.id(), skip.reason()));
                awayAt[i] = skip.kind() == Eligibility.Kind.AWAY;
            }
        }
        if (eligibleCount == 0) {
            return null;
        }
        int maxOwed = team.catchUp().maxOwed();
        double[] owedBefore = new double[size];
        boolean[] earner = new boolean[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            if (eligibleAt[i] || maxOwed > 0 && awayAt[i]) {
                owedBefore[i] = state.standing(team.id(), members.get(i).id()).owed();
                earner[i] = eligibleAt[i] || owedBefore[i] < maxOwed;
                total += earner[i] ? weight(strategy, members.get(i)) : 0;
            }
        }
        // eligible members first, then the away ones still earning, each in member order
        Map<String, Double> earned = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < size; i++) {
                if (earner[i] && eligibleAt[i] == (pass == 0)) {
                    double share = weight(strategy, members.get(i)) / total;
                    earned.put(members.get(i).id(), eligibleAt[i] ? share : Math.min(share, maxOwed - owedBefore[i]));
                }
            }
        }
        Optional<String> last = state.lastTurn(team.id());
        Map<String, Integer> teamPositions = positions.get(team.id());
        Integer lastPosition = last.map(teamPositions::get).orElse(null);
        Rep best = null;
        double bestOwed = 0;
        int bestOpen = 0;
        int bestOrder = 0;
        for (int i = 0; i < size; i++) {
            if (!eligibleAt[i]) {
                continue;
            }
            Rep rep = members.get(i);
            double owed = owedBefore[i] + earned.getOrDefault(rep.id(), 0.0);
            int open = strategy == Strategy.LEAST_LOADED ? state.openLeads(rep.id()) : 0;
            int position = teamPositions.get(rep.id());
            int order = lastPosition == null ? position : Math.floorMod(position - lastPosition - 1, size);
            boolean better = best == null
                    || open < bestOpen
                    || open == bestOpen && owed > bestOwed + EPSILON
                    || open == bestOpen && Math.abs(owed - bestOwed) <= EPSILON && order < bestOrder;
            if (better) {
                best = rep;
                bestOwed = owed;
                bestOpen = open;
                bestOrder = order;
            }
        }
        String words = words(team, strategy, best, bestOwed, bestOpen, last, lastPosition, eligibleCount, state);
        return new Rotation(team, best, earned, words);
    }

    private String words(Team team, Strategy strategy, Rep chosen, double owed, int open, Optional<String> last,
            Integer lastPosition, int eligibleCount, DistributionState state) {
        String name = strategy.externalName().replace('-', ' ');
        String head = name + " in team '" + team.id() + "' ";
        if (strategy == Strategy.LEAST_LOADED) {
            return head + "gave the lead to " + chosen.id() + " (" + open + " open lead" + (open == 1 ? "" : "s")
                    + ", the fewest among " + eligibleCount + " eligible)";
        }
        double before = state.standing(team.id(), chosen.id()).owed();
        if (before > 1 + EPSILON) {
            return head + "gave the lead to " + chosen.id() + ", who was owed " + String.format(Locale.ROOT, "%.1f", before)
                    + " leads (catch-up " + team.catchUp().describe() + ")";
        }
        if (strategy == Strategy.WEIGHTED) {
            return head + "gave the lead to " + chosen.id() + " (weight " + chosen.weight() + ", furthest behind their share)";
        }
        if (last.isEmpty()) {
            return head + "gave the first turn to " + chosen.id();
        }
        if (lastPosition == null) {
            return head + "gave the turn to " + chosen.id() + ", starting over at the first member because "
                    + last.get() + " (previous turn) is no longer in the team";
        }
        return head + "gave the turn after " + last.get() + " to " + chosen.id();
    }

    private static double weight(Strategy strategy, Rep rep) {
        return strategy == Strategy.WEIGHTED ? rep.weight() : 1.0;
    }

    /**
     * When the first currently-unavailable member of the team can take leads again by themselves; null when one of
     * them may free up at any moment (an open-lead cap) or nobody's return is known, so the caller retries soon.
     */
    private static Instant earliestReturn(Team team, java.util.Set<String> crms, Instant now, DistributionState state) {
        Instant earliest = null;
        for (Rep rep : team.members()) {
            Eligibility.Skip skip = Eligibility.check(rep, crms, now, state);
            if (skip == null || skip.kind() == Eligibility.Kind.GONE) {
                continue;
            }
            if (skip.availableAgain() == null) {
                return null;
            }
            if (earliest == null || skip.availableAgain().isBefore(earliest)) {
                earliest = skip.availableAgain();
            }
        }
        return earliest;
    }

    private static StateChange.Load load(Rep rep, Instant now, int delta) {
        return new StateChange.Load(rep.id(), Eligibility.today(rep, now), delta, delta);
    }

    /** True when the rule that takes this lead is a sticky push: only then does its sticky owner matter to a decision. */
    public boolean wantsStickyOwner(Lead lead) {
        for (Rule rule : policy.rules()) {
            if (rule.when().test(lead)) {
                return rule.then() instanceof Action.Push push && push.sticky();
            }
        }
        return false;
    }

    /** The sticky keys of a lead: {@code email:<address>}, then {@code domain:<domain>} unless it is a free-mail domain. */
    public List<String> stickyKeys(Lead lead) {
        if (lead.email() == null) {
            return new ArrayList<>();
        }
        List<String> keys = new ArrayList<>(2);
        keys.add("email:" + lead.email());
        String domain = lead.email().substring(lead.email().lastIndexOf('@') + 1);
        if (!policy.freeMailDomains().contains(domain)) {
            keys.add("domain:" + domain);
        }
        return keys;
    }

    private static String maskedKey(String key) {
        return key.startsWith("email:") ? "the same email address" : "the company domain " + key.substring("domain:".length());
    }

    private static String skippedWords(List<RepSkip> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        return skipped.stream().map(s -> s.repId() + " skipped: " + s.reason())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    /** The rep a rotation chose, the shares the eligible reps earned, and the choice in words. */
    private static final class Rotation {
        final Team team;
        final Rep rep;
        final Map<String, Double> earned;
        final String words;

        Rotation(Team team, Rep rep, Map<String, Double> earned, String words) {
            this.team = team;
            this.rep = rep;
            this.earned = earned;
            this.words = words;
        }

        List<StateChange> changes(Instant now) {
            return List.of(new StateChange.Rotation(team.id(), earned, rep.id()), load(rep, now, 1));
        }
    }
}
