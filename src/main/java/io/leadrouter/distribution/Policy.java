package io.leadrouter.distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A validated distribution policy: teams and the ordered rules that send leads to them. Immutable. */
public final class Policy {
    private final List<Team> teams;
    private final List<Rule> rules;
    private final Map<String, Team> teamsById;

    /** Builds a policy; {@link PolicyLoader} is the way to get one from the policy file, with full validation. */
    public Policy(List<Team> teams, List<Rule> rules) {
        this.teams = List.copyOf(teams);
        this.rules = List.copyOf(rules);
        Map<String, Team> byId = new LinkedHashMap<>();
        for (Team team : this.teams) {
            if (byId.putIfAbsent(team.id(), team) != null) {
                throw new IllegalArgumentException("duplicate team id '" + team.id() + "'");
            }
        }
        for (Rule rule : this.rules) {
            if (rule.then() instanceof Push push && !byId.containsKey(push.teamId())) {
                throw new IllegalArgumentException("rule '" + rule.id() + "' pushes to unknown team '" + push.teamId() + "'");
            }
        }
        this.teamsById = Collections.unmodifiableMap(byId);
    }

    public List<Team> teams() {
        return teams;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(teamsById.get(id));
    }

    /** The team ids in file order. */
    public Set<String> teamIds() {
        return teamsById.keySet();
    }
}
