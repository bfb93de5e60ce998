package io.leadrouter.distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated distribution policy: reps in teams, pull queues, ladders, the ordered rules, the fallback owner and
 * the example leads that prove it. Immutable; {@link PolicyLoader} builds one from the policy file.
 */
public final class Policy {
    private final List<Team> teams;
    private final List<Queue> queues;
    private final List<Ladder> ladders;
    private final List<Rule> rules;
    private final Rep fallback;
    private final Set<String> freeMailDomains;
    private final List<PolicyExample> examples;
    private final Map<String, Team> teamsById = new LinkedHashMap<>();
    private final Map<String, Queue> queuesById = new LinkedHashMap<>();
    private final Map<String, Ladder> laddersById = new LinkedHashMap<>();
    private final Map<String, Rep> repsById = new LinkedHashMap<>();
    private final Map<String, NotifyTo> notify;
    private final Map<String, String> managers;

    public Policy(List<Team> teams, List<Queue> queues, List<Ladder> ladders, List<Rule> rules, Rep fallback,
            Set<String> freeMailDomains, List<PolicyExample> examples) {
        this(teams, queues, ladders, rules, fallback, freeMailDomains, examples, Map.of(), Map.of());
    }

    /**
     * With notification settings: {@code notify} = rep id to where that rep is notified; {@code managers} = team id
     * to its manager (a rep id or an email address), told about the team's SLA breaches.
     */
    public Policy(List<Team> teams, List<Queue> queues, List<Ladder> ladders, List<Rule> rules, Rep fallback,
            Set<String> freeMailDomains, List<PolicyExample> examples, Map<String, NotifyTo> notify,
            Map<String, String> managers) {
        this.notify = Map.copyOf(notify);
        this.managers = Map.copyOf(managers);
        this.teams = List.copyOf(teams);
        this.queues = List.copyOf(queues);
        this.ladders = List.copyOf(ladders);
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
        this.freeMailDomains = Set.copyOf(freeMailDomains == null ? FreeMail.DOMAINS : freeMailDomains);
        this.examples = List.copyOf(examples);
        for (Team team : this.teams) {
            unique(teamsById.put(team.id(), team), "team", team.id());
            team.members().forEach(r -> {
                Rep earlier = repsById.putIfAbsent(r.id(), r);
                if (earlier != null && !earlier.equals(r)) {
                    throw new IllegalArgumentException("rep '" + r.id() + "' is defined twice, differently");
                }
            });
        }
        this.queues.forEach(q -> unique(queuesById.put(q.id(), q), "queue", q.id()));
        this.ladders.forEach(l -> unique(laddersById.put(l.id(), l), "ladder", l.id()));
        for (Rule rule : this.rules) {
            if (rule.then() instanceof Action.Push push) {
                requireTeam(push.teamId(), rule.id());
            } else if (rule.then() instanceof Action.Pull pull) {
                requireQueue(pull.queueId(), rule.id());
            } else if (rule.then() instanceof Action.UseLadder use && !laddersById.containsKey(use.ladderId())) {
                throw new IllegalArgumentException("rule '" + rule.id() + "' uses unknown ladder '" + use.ladderId() + "'");
            }
        }
        for (Ladder ladder : this.ladders) {
            for (Ladder.Step step : ladder.steps()) {
                if (step instanceof Ladder.Offer o) {
                    requireTeam(o.teamId(), ladder.id());
                } else if (step instanceof Ladder.Pool p) {
                    requireQueue(p.queueId(), ladder.id());
                } else if (step instanceof Ladder.Partner p) {
                    requireTeam(p.teamId(), ladder.id());
                } else if (fallback == null) {
                    throw new IllegalArgumentException("ladder '" + ladder.id() + "' ends with fallback but the policy has no fallback owner");
                }
            }
        }
        this.queues.forEach(q -> q.teamIds().forEach(t -> requireTeam(t, q.id())));
        this.managers.keySet().forEach(t -> requireTeam(t, "managers"));
    }

    /** Where the rep (or the fallback owner) is notified; {@link NotifyTo#NONE} when nowhere. */
    public NotifyTo notifyTo(String repId) {
        return notify.getOrDefault(repId, NotifyTo.NONE);
    }

    /** Every rep's notification settings, by rep id. */
    public Map<String, NotifyTo> notifySettings() {
        return notify;
    }

    /** The team's manager: a rep id or an email address, if the policy names one. */
    public Optional<String> manager(String teamId) {
        return Optional.ofNullable(managers.get(teamId));
    }

    /** Teams and rules only: what the simplest policy needs. */
    public Policy(List<Team> teams, List<Rule> rules) {
        this(teams, List.of(), List.of(), rules, null, null, List.of());
    }

    private static void unique(Object earlier, String what, String id) {
        if (earlier != null) {
            throw new IllegalArgumentException("duplicate " + what + " id '" + id + "'");
        }
    }

    private void requireTeam(String teamId, String user) {
        if (!teamsById.containsKey(teamId)) {
            throw new IllegalArgumentException("'" + user + "' refers to unknown team '" + teamId + "'");
        }
    }

    private void requireQueue(String queueId, String user) {
        if (!queuesById.containsKey(queueId)) {
            throw new IllegalArgumentException("'" + user + "' refers to unknown queue '" + queueId + "'");
        }
    }

    public List<Team> teams() {
        return teams;
    }

    public List<Queue> queues() {
        return queues;
    }

    public List<Ladder> ladders() {
        return ladders;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The owner of leads nobody else can take, if the policy names one. */
    public Optional<Rep> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** True when a push rule keeps leads with their sticky owner, so ownership must be recorded. */
    public boolean usesSticky() {
        return rules.stream().anyMatch(r -> r.then() instanceof Action.Push p && p.sticky());
    }

    /** Email domains that say nothing about a company (gmail.com…): never used for sticky ownership. */
    public Set<String> freeMailDomains() {
        return freeMailDomains;
    }

    public List<PolicyExample> examples() {
        return examples;
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(teamsById.get(id));
    }

    public Optional<Queue> queue(String id) {
        return Optional.ofNullable(queuesById.get(id));
    }

    public Optional<Ladder> ladder(String id) {
        return Optional.ofNullable(laddersById.get(id));
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** A rep of any team (or the fallback owner) by id. */
    public Optional<Rep> rep(String id) {
        Rep rep = repsById.get(id);
        if (rep == null && fallback != null && fallback.id().equals(id)) {
            rep = fallback;
        }
        return Optional.ofNullable(rep);
    }

    /** Every rep of every team, each once, in policy order. */
    public List<Rep> reps() {
        return List.copyOf(repsById.values());
    }

    public Set<String> teamIds() {
        return Collections.unmodifiableSet(teamsById.keySet());
    }

    /** The teams a rep belongs to. */
    public List<Team> teamsOf(String repId) {
        return teams.stream().filter(t -> t.hasMember(repId)).toList();
    }

    /** The queues a rep may claim from (a member of an eligible team). */
    public List<Queue> queuesFor(String repId) {
        Set<String> teamIds = new LinkedHashSet<>();
        teamsOf(repId).forEach(t -> teamIds.add(t.id()));
        return queues.stream().filter(q -> q.teamIds().stream().anyMatch(teamIds::contains)).toList();
    }
}
