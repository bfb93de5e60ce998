package io.leadrouter.distribution;

import static io.leadrouter.distribution.Fixtures.lead;
import static io.leadrouter.distribution.Fixtures.partner;
import static io.leadrouter.distribution.Fixtures.rep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ladders on one SLA clock from submission: offer → pool → partner → fallback, deadlines, business hours. */
class LadderTest {
    static final Instant SUBMITTED = Instant.parse("2025-03-05T10:00:00Z");
    static final WorkingHours BERLIN_OFFICE = new WorkingHours(ZoneId.of("Europe/Berlin"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0));

    static Policy policy(WorkingHours businessHours) {
        Team sales = new Team("inside-sales", "Inside sales", List.of(rep("alice"), rep("bob")));
        Team partners = new Team("partners", "Partners", List.of(partner("pia"), partner("paul")));
        Queue pool = new Queue("pool", "Pool", List.of("inside-sales"), 2, Duration.ofMinutes(15), Map.of(Crms.SALESFORCE, "00Gpool"));
        Ladder ladder = new Ladder("inbound", businessHours, List.of(
                new Ladder.Offer("inside-sales", Strategy.ROUND_ROBIN, Duration.ofMinutes(10)),
                new Ladder.Pool("pool", 5, Duration.ofMinutes(30)),
                new Ladder.Partner("partners", Duration.ofHours(4)),
                new Ladder.Fallback()));
        return new Policy(List.of(sales, partners), List.of(pool), List.of(ladder),
                List.of(new Rule("inbound", "", List.of(), new Action.UseLadder("inbound"))), rep("ops"), null, List.of());
    }

    static Distributor at(Policy policy, Instant now) {
        return new Distributor(policy, Clock.fixed(now, ZoneOffset.UTC));
    }

    static LeadContext context(Instant submitted) {
        return new LeadContext(lead("jo@acme.com", "DE"), submitted, Crms.SALESFORCE);
    }

    @Test
    void theFirstStepOffersToARepUntilTenMinutesAfterSubmission() {
        Offer offer = (Offer) at(policy(null), SUBMITTED.plusSeconds(30)).decide(context(SUBMITTED), StateOverlay.empty()).decision();

        assertThat(offer.repId()).isEqualTo("alice");
        assertThat(offer.partner()).isFalse();
        assertThat(offer.step()).isZero();
        assertThat(offer.deadline()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(10)));
        assertThat(offer.owners()).containsEntry(Crms.SALESFORCE, "005alice");
        assertThat(offer.trace().summary()).startsWith("rule 'inbound' matched; ladder 'inbound' step 1 (offer to a rep of team"
                + " 'inside-sales' (round-robin) for 10m): round robin in team 'inside-sales' gave the first turn to alice until");
    }

    @Test
    void eachStepsDeadlineCountsFromSubmissionNotFromWhenTheStepStarted() {
        Policy policy = policy(null);
        Enqueue pooled = (Enqueue) at(policy, SUBMITTED.plus(Duration.ofMinutes(11)))
                .continueLadder(context(SUBMITTED), "inbound", "inbound", 1, "step 1 ran out", StateOverlay.empty()).decision();
        Offer toPartners = (Offer) at(policy, SUBMITTED.plus(Duration.ofMinutes(41)))
                .continueLadder(context(SUBMITTED), "inbound", "inbound", 2, "step 2 ran out", StateOverlay.empty()).decision();
        Assign fallback = (Assign) at(policy, SUBMITTED.plus(Duration.ofHours(5)))
                .continueLadder(context(SUBMITTED), "inbound", "inbound", 3, "rejected by partner pia", StateOverlay.empty()).decision();

        assertThat(pooled.queueId()).isEqualTo("pool");
        assertThat(pooled.priority()).isEqualTo(5);
        assertThat(pooled.deadline()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(40)));
        assertThat(pooled.owners()).containsEntry(Crms.SALESFORCE, "00Gpool");
        assertThat(toPartners.partner()).isTrue();
        assertThat(toPartners.repId()).isNull();
        assertThat(toPartners.owners()).isEmpty();
        assertThat(toPartners.deadline()).isEqualTo(SUBMITTED.plus(Duration.ofMinutes(40)).plus(Duration.ofHours(4)));
        assertThat(fallback.repId()).isEqualTo("ops");
        assertThat(fallback.strategy()).isEqualTo("fallback");
        assertThat(fallback.trace().summary()).startsWith("rejected by partner pia; ladder 'inbound' step 4");
    }

    @Test
    void aLeadDecidedLateSkipsTheStepsWhoseDeadlinesHavePassed() {
        Outcome outcome = at(policy(null), SUBMITTED.plus(Duration.ofMinutes(45))).decide(context(SUBMITTED), StateOverlay.empty());

        Offer offer = (Offer) outcome.decision();
        assertThat(offer.partner()).isTrue();
        assertThat(offer.trace().steps()).extracting(StepTrial::outcome).containsExactly(
                "skipped: its deadline 2025-03-05T10:10:00Z had passed",
                "skipped: its deadline 2025-03-05T10:40:00Z had passed",
                "offered to partner team 'partners' until 2025-03-05T14:40:00Z");
        assertThat(outcome.changes()).isEmpty();
    }

    @Test
    void aStepNobodyCanTakeIsSkippedWithTheReasons() {
        StateOverlay state = StateOverlay.empty();
        state.setAvailability("alice", new Availability(Availability.Status.PAUSED, null));
        state.setAvailability("bob", new Availability(Availability.Status.OUT_OF_OFFICE, null));

        Enqueue e = (Enqueue) at(policy(null), SUBMITTED).decide(context(SUBMITTED), state).decision();

        assertThat(e.trace().steps().get(0).outcome())
                .isEqualTo("skipped: nobody available (alice skipped: paused, bob skipped: out of office)");
    }

    @Test
    void businessHoursStopTheClockOverTheWeekend() {
        Instant fridayLate = Instant.parse("2025-03-07T22:00:00Z");

        Offer offer = (Offer) at(policy(BERLIN_OFFICE), fridayLate).decide(context(fridayLate), StateOverlay.empty()).decision();

        assertThat(offer.deadline()).isEqualTo(Instant.parse("2025-03-10T08:10:00Z"));
        assertThat(policy(BERLIN_OFFICE).ladder("inbound").orElseThrow().deadline(1, fridayLate))
                .isEqualTo(Instant.parse("2025-03-10T08:40:00Z"));
    }

    @Test
    void businessHoursSpanTheDaylightSavingChange() {
        Instant fridayBeforeChange = Instant.parse("2025-03-28T16:55:00Z");

        Instant due = BERLIN_OFFICE.plusWorkingTime(fridayBeforeChange, Duration.ofMinutes(10));

        assertThat(due).isEqualTo(Instant.parse("2025-03-31T07:05:00Z"));
    }

    @Test
    void aLadderWithNoStepLeftHolds() {
        Policy policy = new Policy(List.of(new Team("inside-sales", "Inside sales", List.of(rep("alice")))), List.of(),
                List.of(new Ladder("short", null, List.of(new Ladder.Offer("inside-sales", Strategy.ROUND_ROBIN, Duration.ofMinutes(5))))),
                List.of(new Rule("r", "", List.of(), new Action.UseLadder("short"))), null, null, List.of());

        Hold h = (Hold) at(policy, SUBMITTED.plus(Duration.ofMinutes(6))).decide(context(SUBMITTED), StateOverlay.empty()).decision();

        assertThat(h.reason()).isEqualTo("rule 'r' matched; ladder 'short' has no step left that can take the lead");
    }
}
