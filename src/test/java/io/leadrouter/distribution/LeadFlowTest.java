package io.leadrouter.distribution;

import static io.leadrouter.distribution.LadderTest.SUBMITTED;
import static io.leadrouter.distribution.LadderTest.context;
import static io.leadrouter.distribution.LadderTest.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A lead's life: claims, limits, expiry, touches, releases, partner accept and reject, escalation on deadlines. */
class LeadFlowTest {
    private final StateOverlay state = StateOverlay.empty();

    private static LeadFlow flowAt(Instant now) {
        Policy policy = policy(null);
        return new LeadFlow(new Distributor(policy, Clock.fixed(now, ZoneOffset.UTC)), Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofMinutes(5));
    }

    private LeadPosition apply(Transition t) {
        state.apply(t.changes());
        return t.position();
    }

    @Test
    void anOfferRunsOutIntoThePoolAndTheRepGivesBackTheOpenLead() {
        LeadPosition offered = apply(flowAt(SUBMITTED).decide("L1", context(SUBMITTED), null, state));
        assertThat(offered.status()).isEqualTo(LeadStatus.OFFERED);
        assertThat(state.openLeads("alice")).isEqualTo(1);
        assertThat(offered.dueAt()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(10)));

        Transition t = flowAt(SUBMITTED.plus(Duration.ofMinutes(10))).onDue(offered, context(SUBMITTED), state);
        LeadPosition pooled = apply(t);

        assertThat(pooled.status()).isEqualTo(LeadStatus.QUEUED);
        assertThat(pooled.queueId()).isEqualTo("pool");
        assertThat(pooled.step()).isEqualTo(1);
        assertThat(state.openLeads("alice")).isZero();
        assertThat(t.events()).extracting(LeadEvent::type).containsExactly("escalated", "queued");
        assertThat(t.events().get(0).reason()).isEqualTo("step 1 ran out at 2025-03-05T10:10:00Z without a first touch");
        assertThat(t.owners()).containsEntry(Crms.SALESFORCE, "00Gpool");
    }

    @Test
    void aFirstTouchStopsTheClock() {
        LeadPosition offered = apply(flowAt(SUBMITTED).decide("L1", context(SUBMITTED), null, state));

        Transition t = flowAt(SUBMITTED.plus(Duration.ofMinutes(4))).touch(offered, "alice", "called");

        assertThat(t.position().status()).isEqualTo(LeadStatus.ASSIGNED);
        assertThat(t.position().dueAt()).isNull();
        assertThat(t.position().touchedAt()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(4)));
        assertThat(t.events().get(0).reason()).isEqualTo("first touch 4m after submission; SLA clock stopped (touched: called)");
        assertThatThrownBy(() -> flowAt(SUBMITTED).touch(offered, "bob", null))
                .isInstanceOf(FlowException.class).hasMessage("lead L1 is not held by bob (it is offered)")
                .extracting(e -> ((FlowException) e).kind()).isEqualTo(FlowException.Kind.FORBIDDEN);
    }

    @Test
    void claimsRespectTheLimitAndExpireBackToTheQueue() {
        LeadFlow flow = flowAt(SUBMITTED.plus(Duration.ofMinutes(12)));
        LeadPosition queued = new LeadPosition("L2", LeadStatus.QUEUED, "inbound", "inbound", 1, null, null, "pool", 5,
                SUBMITTED.plus(Duration.ofMinutes(40)), null, SUBMITTED, null);

        assertThatThrownBy(() -> flow.claim(queued, "bob", 2, state))
                .hasMessage("claim limit 2 of queue 'pool' reached: touch or release one of your 2 claimed leads first");
        assertThatThrownBy(() -> flow.claim(queued, "pia", 0, state))
                .extracting(e -> ((FlowException) e).kind()).isEqualTo(FlowException.Kind.FORBIDDEN);
        LeadPosition claimed = apply(flow.claim(queued, "bob", 1, state));
        assertThat(claimed.status()).isEqualTo(LeadStatus.CLAIMED);
        assertThat(claimed.dueAt()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(27)));
        assertThat(state.openLeads("bob")).isEqualTo(1);
        assertThatThrownBy(() -> flow.claim(claimed, "alice", 0, state)).hasMessage("lead L2 is already claimed");

        Transition expired = flowAt(SUBMITTED.plus(Duration.ofMinutes(27))).onDue(claimed, context(SUBMITTED), state);

        assertThat(apply(expired).status()).isEqualTo(LeadStatus.QUEUED);
        assertThat(expired.position().repId()).isNull();
        assertThat(expired.events().get(0).type()).isEqualTo("expired");
        assertThat(state.openLeads("bob")).isZero();
    }

    @Test
    void aRepAtACapCannotClaim() {
        LeadFlow flow = flowAt(SUBMITTED);
        state.setCapsOverride("bob", new Caps(null, 1));
        state.apply(java.util.List.of(new StateChange.Load("bob", java.time.LocalDate.of(2025, 3, 5), 1, 1)));
        LeadPosition queued = new LeadPosition("L6", LeadStatus.QUEUED, "inbound", "inbound", 1, null, null, "pool", 0,
                null, null, SUBMITTED, null);

        assertThatThrownBy(() -> flow.claim(queued, "bob", 0, state))
                .hasMessage("cannot claim: open-lead cap 1 reached (1 open)")
                .extracting(e -> ((FlowException) e).kind()).isEqualTo(FlowException.Kind.CONFLICT);
    }

    @Test
    void releasingAClaimPutsTheLeadBackInItsQueue() {
        LeadFlow flow = flowAt(SUBMITTED.plus(Duration.ofMinutes(12)));
        LeadPosition claimed = apply(flow.claim(new LeadPosition("L3", LeadStatus.QUEUED, "inbound", "inbound", 1, null, null,
                "pool", 0, SUBMITTED.plus(Duration.ofMinutes(40)), null, SUBMITTED, null), "alice", 0, state));

        LeadPosition released = apply(flow.release(claimed, "alice", state, context(SUBMITTED)));

        assertThat(released.status()).isEqualTo(LeadStatus.QUEUED);
        assertThat(state.openLeads("alice")).isZero();
    }

    @Test
    void partnersAcceptOrRejectAndOnlyTheirTeamMayAnswer() {
        LeadFlow flow = flowAt(SUBMITTED.plus(Duration.ofMinutes(45)));
        LeadPosition offered = apply(flow.decide("L4", context(SUBMITTED), null, state));
        assertThat(offered.status()).isEqualTo(LeadStatus.PARTNER_OFFERED);

        assertThatThrownBy(() -> flow.accept(offered, "alice"))
                .hasMessage("the offer is for partner team 'partners', and alice is not in it");
        Transition accepted = flow.accept(offered, "pia");
        Transition rejected = flow.reject(offered, "paul", "not our region", state, context(SUBMITTED));

        assertThat(accepted.position().status()).isEqualTo(LeadStatus.ASSIGNED);
        assertThat(accepted.position().repId()).isEqualTo("pia");
        assertThat(rejected.position().repId()).isEqualTo("ops");
        assertThat(rejected.events()).extracting(LeadEvent::type).containsExactly("rejected", "assigned");
        assertThat(rejected.events().get(0).reason()).isEqualTo("rejected by partner paul (not our region)");
    }

    @Test
    void aHeldLeadIsDecidedAgainWhenItIsDue() {
        state.setAvailability("alice", new Availability(Availability.Status.PAUSED, null));
        state.setAvailability("bob", new Availability(Availability.Status.PAUSED, null));
        Policy policy = new Policy(policy(null).teams(), java.util.List.of(new Rule("push", "", java.util.List.of(),
                new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", false, false))));
        LeadFlow flow = new LeadFlow(new Distributor(policy, Clock.fixed(SUBMITTED, ZoneOffset.UTC)),
                Clock.fixed(SUBMITTED, ZoneOffset.UTC), Duration.ofMinutes(5));
        LeadPosition held = apply(flow.decide("L5", context(SUBMITTED), null, state));
        assertThat(held.status()).isEqualTo(LeadStatus.HELD);
        assertThat(held.dueAt()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(5)));
        state.setAvailability("bob", Availability.AVAILABLE);

        Transition again = flow.onDue(held, context(SUBMITTED), state);

        assertThat(again.position().repId()).isEqualTo("bob");
        assertThat(again.events()).extracting(LeadEvent::type).containsExactly("redecided", "assigned");
    }
}
