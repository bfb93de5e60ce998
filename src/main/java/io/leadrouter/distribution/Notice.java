package io.leadrouter.distribution;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Someone to tell about a step in a lead's life: the rep a lead was pushed or offered to, the available reps who may
 * claim a newly queued lead, or a team's manager when an SLA was breached. {@code recipient} is a rep id, or an
 * email address for a manager named by address.
 */
public record Notice(String leadId, Kind kind, String recipient, String detail) {
    /** Why someone is told. */
    public enum Kind { ASSIGNED, QUEUED, SLA_BREACH }

    public Notice {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recipient, "recipient");
    }

    /**
     * Who to tell about {@code t}; {@code previous} is the lead's position before it (null on a first decision).
     * Reps away (paused, out of office) or inactive are not told of queued leads; nobody is told twice per step.
     */
    public static List<Notice> of(Policy policy, LeadPosition previous, Transition t, DistributionState state,
            java.time.Instant now) {
        List<Notice> notices = new ArrayList<>();
        String leadId = t.position().leadId();
        for (LeadEvent e : t.events()) {
            switch (e.type()) {
                case "expired" -> {
                    String team = previous == null ? null : claimTeam(policy, previous);
                    managerOf(policy, team).ifPresent(m -> notices.add(new Notice(leadId, Kind.SLA_BREACH, m,
                            "claim expired untouched")));
                }
                case "escalated" -> {
                    String team = previous == null ? null : previous.teamId() != null ? previous.teamId()
                            : previous.queueId() == null ? null : policy.queue(previous.queueId())
                            .map(q -> q.teamIds().isEmpty() ? null : q.teamIds().get(0)).orElse(null);
                    managerOf(policy, team).ifPresent(m -> notices.add(new Notice(leadId, Kind.SLA_BREACH, m,
                            "deadline passed without a first touch")));
                }
                default -> {
                }
            }
        }
        LeadPosition p = t.position();
        if (t.decision() instanceof Assign || (t.decision() instanceof Offer o && !o.partner())) {
            if (p.repId() != null) {
                notices.add(new Notice(leadId, Kind.ASSIGNED, p.repId(), null));
            }
        } else if (t.decision() instanceof Enqueue && p.queueId() != null) {
            Set<String> reps = new LinkedHashSet<>();
            policy.queue(p.queueId()).ifPresent(q -> q.teamIds().forEach(teamId -> policy.team(teamId)
                    .ifPresent(team -> team.members().stream()
                            .filter(r -> r.active() && state.availability(r.id()).at(now) == Availability.Status.AVAILABLE)
                            .forEach(r -> reps.add(r.id())))));
            reps.forEach(r -> notices.add(new Notice(leadId, Kind.QUEUED, r, p.queueId())));
        }
        return notices;
    }

    private static String claimTeam(Policy policy, LeadPosition previous) {
        if (previous.queueId() == null || previous.repId() == null) {
            return previous.teamId();
        }
        List<String> queueTeams = policy.queue(previous.queueId()).map(Queue::teamIds).orElse(List.of());
        return policy.teamsOf(previous.repId()).stream().map(Team::id).filter(queueTeams::contains).findFirst()
                .orElse(queueTeams.isEmpty() ? null : queueTeams.get(0));
    }

    private static java.util.Optional<String> managerOf(Policy policy, String teamId) {
        return teamId == null ? java.util.Optional.empty() : policy.manager(teamId);
    }
}
