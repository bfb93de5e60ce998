package io.leadrouter.distribution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of a lead's life after intake: first decision, what happens when a deadline passes (claims expire,
 * ladders escalate, held leads are decided again), and what reps and partners may do (claim, release, touch, accept,
 * reject, finish). Pure like the engine: it takes the lead's position and a state snapshot and returns a
 * {@link Transition}, or throws {@link FlowException} naming why the action is refused.
 */
public final class LeadFlow {
    private final Distributor distributor;
    private final Policy policy;
    private final Clock clock;
    private final Duration holdRetry;

    /** {@code holdRetry}: when a held lead without a known time someone comes back is tried again. */
    public LeadFlow(Distributor distributor, Clock clock, Duration holdRetry) {
        this.distributor = Objects.requireNonNull(distributor, "distributor");
        this.policy = distributor.policy();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holdRetry = Objects.requireNonNull(holdRetry, "holdRetry");
    }

    public Clock clock() {
        return clock;
    }

    public Policy policy() {
        return policy;
    }

    /** First decision for a lead just received (or one held, decided again). */
    public Transition decide(String leadId, LeadContext context, LeadPosition previous, DistributionState state) {
        Instant now = clock.instant();
        Outcome outcome = distributor.decide(context, state);
        Instant touched = previous == null ? null : previous.touchedAt();
        LeadPosition position = LeadPosition.of(leadId, outcome.decision(), context.submittedAt(), touched,
                now.plus(holdRetry));
        List<LeadEvent> events = new ArrayList<>();
        if (previous != null) {
            events.add(new LeadEvent(leadId, now, "redecided", "engine", "decided again after being held"));
        }
        events.add(decisionEvent(leadId, outcome.decision()));
        return new Transition(position, outcome.decision(), outcome.changes(), events, owners(outcome.decision()));
    }

    /** The lead's due time has come: expire a claim, move on along the ladder, or decide a held lead again. */
    public Transition onDue(LeadPosition position, LeadContext context, DistributionState state) {
        Instant now = clock.instant();
        String leadId = position.leadId();
        if (position.status() == LeadStatus.CLAIMED && position.claimExpiresAt() != null
                && !now.isBefore(position.claimExpiresAt()) && position.touchedAt() == null) {
            Queue queue = policy.queue(position.queueId()).orElse(null);
            String reason = "claim by " + position.repId() + " was not touched within "
                    + (queue == null ? "the claim window" : Durations.format(queue.claimExpiry())) + "; back in queue '"
                    + position.queueId() + "'";
            LeadPosition back = position.with(LeadStatus.QUEUED, null, position.deadline(), null, null);
            return new Transition(back, null, release(position, now), List.of(new LeadEvent(leadId, now, "expired",
                    "sweeper", reason)), queue == null ? null : queue.crmOwnerIds());
        }
        if (position.status() == LeadStatus.HELD) {
            return decide(leadId, context, position, state);
        }
        if (position.ladderId() != null && position.deadline() != null && !now.isBefore(position.deadline())
                && position.touchedAt() == null && position.step() != null) {
            String why = "step " + (position.step() + 1) + " ran out at " + position.deadline() + " without "
                    + (position.status() == LeadStatus.PARTNER_OFFERED ? "a partner accepting" : "a first touch");
            return escalate(position, context, why, "sweeper", "escalated", state);
        }
        return new Transition(position.with(position.status(), position.repId(), null, position.claimExpiresAt(),
                position.touchedAt()), null, List.of(), List.of(), null);
    }

    /**
     * A rep claims a queued lead (cherry-pick or claim-next); {@code claimsHeld} = their open claims in that queue.
     * Claims count toward the rep's caps like assignments, so a rep at a cap cannot claim.
     */
    public Transition claim(LeadPosition position, String repId, int claimsHeld, DistributionState state) {
        Instant now = clock.instant();
        Rep rep = rep(repId);
        if (position.status() != LeadStatus.QUEUED) {
            throw new FlowException(FlowException.Kind.CONFLICT, position.status() == LeadStatus.CLAIMED
                    ? "lead " + position.leadId() + " is already claimed" : "lead " + position.leadId()
                    + " is not in a queue (it is " + position.status().name().toLowerCase() + ")");
        }
        Queue queue = policy.queue(position.queueId()).orElseThrow(() -> new FlowException(FlowException.Kind.CONFLICT,
                "queue '" + position.queueId() + "' is no longer in the policy"));
        if (!mayClaim(rep, queue)) {
            throw new FlowException(FlowException.Kind.FORBIDDEN, repId + " is not in a team that may claim from queue '"
                    + queue.id() + "' (teams " + queue.teamIds() + ")");
        }
        if (claimsHeld >= queue.claimLimit()) {
            throw new FlowException(FlowException.Kind.CONFLICT, "claim limit " + queue.claimLimit() + " of queue '"
                    + queue.id() + "' reached: touch or release one of your " + claimsHeld + " claimed leads first");
        }
        if (!rep.active()) {
            throw new FlowException(FlowException.Kind.FORBIDDEN, repId + " is inactive in the policy");
        }
        Eligibility.Skip full = Eligibility.capsReached(rep, now, state);
        if (full != null) {
            throw new FlowException(FlowException.Kind.CONFLICT, "cannot claim: " + full.reason());
        }
        LeadPosition claimed = position.with(LeadStatus.CLAIMED, repId, position.deadline(),
                now.plus(queue.claimExpiry()), null);
        StateChange load = new StateChange.Load(repId, Eligibility.today(rep, now), 1, 1);
        return new Transition(claimed, null, List.of(load), List.of(new LeadEvent(position.leadId(), now, "claimed",
                actor(repId), "claimed from queue '" + queue.id() + "'; touch it within "
                + Durations.format(queue.claimExpiry()) + " or it returns to the queue")), rep.crmUserIds());
    }

    /** The rep who holds the lead gives it back: to its queue, or on along its ladder. */
    public Transition release(LeadPosition position, String repId, DistributionState state, LeadContext context) {
        Instant now = clock.instant();
        requireHolder(position, repId);
        if (position.queueId() != null && (position.status() == LeadStatus.CLAIMED || position.status() == LeadStatus.ASSIGNED)) {
            Queue queue = policy.queue(position.queueId()).orElse(null);
            LeadPosition back = position.with(LeadStatus.QUEUED, null, position.touchedAt() == null ? position.deadline() : null,
                    null, position.touchedAt());
            return new Transition(back, null, release(position, now), List.of(new LeadEvent(position.leadId(), now,
                    "released", actor(repId), "released back to queue '" + position.queueId() + "'")),
                    queue == null ? null : queue.crmOwnerIds());
        }
        if (position.status() == LeadStatus.OFFERED && position.ladderId() != null) {
            return escalate(position, context, "released by " + repId, actor(repId), "released", state);
        }
        throw new FlowException(FlowException.Kind.CONFLICT, "lead " + position.leadId() + " was assigned to "
                + repId + " directly, not claimed from a queue or offered: ask an admin to reassign it");
    }

    /** The holder's first touch (call, email, status change) stops the SLA clock; later touches are only recorded. */
    public Transition touch(LeadPosition position, String repId, String note) {
        Instant now = clock.instant();
        requireHolder(position, repId);
        String what = note == null || note.isBlank() ? "touched" : "touched: " + note;
        if (position.touchedAt() != null) {
            return new Transition(position, null, List.of(), List.of(new LeadEvent(position.leadId(), now, "touched",
                    actor(repId), what)), null);
        }
        Duration since = Duration.between(position.submittedAt(), now);
        LeadPosition touched = position.with(LeadStatus.ASSIGNED, repId, null, null, now);
        return new Transition(touched, null, List.of(), List.of(new LeadEvent(position.leadId(), now, "touched",
                actor(repId), "first touch " + Durations.format(since) + " after submission; SLA clock stopped ("
                + what + ")")), null);
    }

    /** The holder closes the lead. */
    public Transition done(LeadPosition position, String repId) {
        Instant now = clock.instant();
        requireHolder(position, repId);
        LeadPosition done = position.with(LeadStatus.DONE, repId, null, null,
                position.touchedAt() == null ? now : position.touchedAt());
        return new Transition(done, null, release(position, now), List.of(new LeadEvent(position.leadId(), now, "done",
                actor(repId), "closed by " + repId)), null);
    }

    /** A partner user accepts the offer to their team: they own the lead and may now see its personal data. */
    public Transition accept(LeadPosition position, String repId) {
        Instant now = clock.instant();
        Rep rep = requirePartnerOffer(position, repId);
        LeadPosition accepted = new LeadPosition(position.leadId(), LeadStatus.ASSIGNED, position.ruleId(),
                position.ladderId(), position.step(), position.teamId(), repId, null, 0, null, null,
                position.submittedAt(), position.touchedAt());
        return new Transition(accepted, null, List.of(new StateChange.Load(repId, Eligibility.today(rep, now), 1, 1)),
                List.of(new LeadEvent(position.leadId(), now, "accepted", actor(repId), "accepted by partner " + repId
                        + " of team '" + position.teamId() + "'")), rep.crmUserIds().isEmpty() ? null : rep.crmUserIds());
    }

    /** A partner user rejects the offer: the lead moves on along its ladder at once. */
    public Transition reject(LeadPosition position, String repId, String reason, DistributionState state,
            LeadContext context) {
        requirePartnerOffer(position, repId);
        String why = "rejected by partner " + repId + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        return escalate(position, context, why, actor(repId), "rejected", state);
    }

    /** True when the rep is in a team that may claim from the queue. */
    public boolean mayClaim(Rep rep, Queue queue) {
        return policy.teamsOf(rep.id()).stream().anyMatch(t -> queue.teamIds().contains(t.id()));
    }

    private Transition escalate(LeadPosition position, LeadContext context, String why, String actor, String eventType,
            DistributionState state) {
        Instant now = clock.instant();
        String ruleId = position.ruleId() == null ? "(none)" : position.ruleId();
        Outcome outcome = distributor.continueLadder(context, ruleId, position.ladderId(),
                position.step() == null ? 0 : position.step() + 1, why, state);
        List<StateChange> changes = new ArrayList<>(release(position, now));
        changes.addAll(outcome.changes());
        LeadPosition next = LeadPosition.of(position.leadId(), outcome.decision(), position.submittedAt(),
                position.touchedAt(), now.plus(holdRetry));
        List<LeadEvent> events = new ArrayList<>();
        events.add(new LeadEvent(position.leadId(), now, eventType, actor, why));
        events.add(decisionEvent(position.leadId(), outcome.decision()));
        return new Transition(next, outcome.decision(), changes, events, owners(outcome.decision()));
    }

    /** The open-lead count the previous holder gives back. */
    private List<StateChange> release(LeadPosition position, Instant now) {
        if (position.repId() == null || !position.status().holdsRep()) {
            return List.of();
        }
        Rep rep = policy.rep(position.repId()).orElse(null);
        return List.of(new StateChange.Load(position.repId(), rep == null ? now.atZone(java.time.ZoneOffset.UTC).toLocalDate()
                : Eligibility.today(rep, now), -1, 0));
    }

    private void requireHolder(LeadPosition position, String repId) {
        if (!position.status().holdsRep() || !repId.equals(position.repId())) {
            throw new FlowException(position.status().holdsRep() || position.status() == LeadStatus.DONE
                    ? FlowException.Kind.FORBIDDEN : FlowException.Kind.CONFLICT,
                    "lead " + position.leadId() + " is not held by " + repId + " (it is "
                            + position.status().name().toLowerCase() + ")");
        }
    }

    private Rep requirePartnerOffer(LeadPosition position, String repId) {
        Rep rep = rep(repId);
        Team team = position.teamId() == null ? null : policy.team(position.teamId()).orElse(null);
        if (position.status() != LeadStatus.PARTNER_OFFERED || team == null) {
            throw new FlowException(FlowException.Kind.CONFLICT, "lead " + position.leadId()
                    + " is not on offer to a partner team (it is " + position.status().name().toLowerCase() + ")");
        }
        if (!team.hasMember(repId)) {
            throw new FlowException(FlowException.Kind.FORBIDDEN, "the offer is for partner team '" + team.id()
                    + "', and " + repId + " is not in it");
        }
        return rep;
    }

    private Rep rep(String repId) {
        return policy.rep(repId).orElseThrow(() -> new FlowException(FlowException.Kind.NOT_FOUND,
                "no rep '" + repId + "' in the policy"));
    }

    private static String actor(String repId) {
        return "rep:" + repId;
    }

    /** True for the event {@link #decisionEvent} makes: stores that keep the decision itself need not keep it twice. */
    public static boolean isDecisionEvent(LeadEvent event) {
        return "engine".equals(event.actor()) && DECISION_EVENTS.contains(event.type());
    }

    private static final java.util.Set<String> DECISION_EVENTS = java.util.Set.of("assigned", "offered", "offered-to-partner",
            "queued", "held");

    /** The history event a decision adds: its kind and its summary sentence. */
    public static LeadEvent decisionEvent(String leadId, Decision decision) {
        String type;
        if (decision instanceof Assign) {
            type = "assigned";
        } else if (decision instanceof Offer o) {
            type = o.partner() ? "offered-to-partner" : "offered";
        } else if (decision instanceof Enqueue) {
            type = "queued";
        } else {
            type = "held";
        }
        return new LeadEvent(leadId, decision.decidedAt(), type, "engine", decision.trace().summary());
    }

    /** The CRM owner a decision sets, or null when it writes nothing (a hold, a partner offer). */
    private static Map<String, String> owners(Decision decision) {
        if (decision instanceof Assign a) {
            return a.owners();
        }
        if (decision instanceof Offer o) {
            return o.partner() ? null : o.owners();
        }
        if (decision instanceof Enqueue e) {
            return e.owners().isEmpty() ? null : e.owners();
        }
        return null;
    }
}
