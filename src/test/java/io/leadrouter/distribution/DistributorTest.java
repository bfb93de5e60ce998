package io.leadrouter.distribution;

import static io.leadrouter.distribution.Fixtures.CLOCK;
import static io.leadrouter.distribution.Fixtures.NOW;
import static io.leadrouter.distribution.Fixtures.capped;
import static io.leadrouter.distribution.Fixtures.context;
import static io.leadrouter.distribution.Fixtures.decideAndRecord;
import static io.leadrouter.distribution.Fixtures.inactive;
import static io.leadrouter.distribution.Fixtures.lead;
import static io.leadrouter.distribution.Fixtures.oneTeam;
import static io.leadrouter.distribution.Fixtures.rep;
import static io.leadrouter.distribution.Fixtures.repOf;
import static io.leadrouter.distribution.Fixtures.weighted;
import static io.leadrouter.distribution.Fixtures.withIds;
import static io.leadrouter.distribution.Fixtures.working;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.lead.Lead;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The push strategies, availability, caps and sticky ownership, on a fixed clock and an in-memory state. */
class DistributorTest {
    private static final Lead LEAD = lead("jo@acme.com", "US");
    private static final WorkingHours NINE_TO_FIVE_NEW_YORK = new WorkingHours(ZoneId.of("America/New_York"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));

    @Test
    void firstTurnGoesToTheFirstMemberAndTheTraceSaysSo() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob")), CLOCK);

        Outcome outcome = distributor.decide(context(LEAD), StateOverlay.empty());
        Assign a = (Assign) outcome.decision();

        assertThat(a.repId()).isEqualTo("alice");
        assertThat(a.ruleId()).isEqualTo("everyone");
        assertThat(a.teamId()).isEqualTo("inside-sales");
        assertThat(a.strategy()).isEqualTo("round-robin");
        assertThat(a.owners()).containsExactly(Map.entry(Crms.SALESFORCE, "005alice"));
        assertThat(a.decidedAt()).isEqualTo(NOW);
        assertThat(a.trace().rules()).containsExactly(new RuleTrial("everyone", true, "no conditions: matches every lead"));
        assertThat(a.trace().summary())
                .isEqualTo("rule 'everyone' matched; round robin in team 'inside-sales' gave the first turn to alice");
        assertThat(outcome.changes()).contains(new StateChange.Load("alice", NOW.atZone(ZoneOffset.UTC).toLocalDate(), 1, 1));
    }

    @Test
    void roundRobinFollowsMemberOrderWrapsAndIsExactlyEven() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob"), rep("carol"), rep("dave")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        List<String> order = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();

        for (int i = 0; i < 4_000; i++) {
            String repId = repOf(decideAndRecord(distributor, LEAD, state));
            if (i < 6) {
                order.add(repId);
            }
            counts.merge(repId, 1, Integer::sum);
        }

        assertThat(order).containsExactly("alice", "bob", "carol", "dave", "alice", "bob");
        assertThat(counts).isEqualTo(Map.of("alice", 1000, "bob", 1000, "carol", 1000, "dave", 1000));
        assertThat(state.standing("inside-sales", "alice").owed()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void skipsInactivePausedAndOutOfOfficeRepsAndSaysWhy() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), inactive("bob"), rep("carol"), rep("dave")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        state.setAvailability("carol", new Availability(Availability.Status.PAUSED, null));
        state.setAvailability("alice", new Availability(Availability.Status.OUT_OF_OFFICE, Instant.parse("2025-03-07T17:00:00Z")));

        Assign a = (Assign) decideAndRecord(distributor, LEAD, state);

        assertThat(a.repId()).isEqualTo("dave");
        assertThat(a.trace().skipped()).containsExactly(
                new RepSkip("alice", "out of office until 2025-03-07T17:00 UTC"),
                new RepSkip("bob", "inactive"),
                new RepSkip("carol", "paused"));
    }

    @Test
    void anOutOfOfficeThatHasEndedNoLongerSkips() {
        Distributor distributor = new Distributor(oneTeam(rep("alice")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        state.setAvailability("alice", new Availability(Availability.Status.OUT_OF_OFFICE, NOW.minusSeconds(1)));

        assertThat(repOf(decideAndRecord(distributor, LEAD, state))).isEqualTo("alice");
    }

    @Test
    void skipsRepsWithoutAnIdInTheTargetCrm() {
        Rep alice = withIds("alice", Map.of(Crms.SALESFORCE, "005alice"));
        Rep carol = withIds("carol", Map.of(Crms.HUBSPOT, "333"));
        Distributor distributor = new Distributor(oneTeam(carol, alice), CLOCK);

        Assign a = (Assign) distributor.decide(new LeadContext(LEAD, NOW, Crms.SALESFORCE), StateOverlay.empty()).decision();
        Assign h = (Assign) distributor.decide(new LeadContext(LEAD, NOW, Crms.HUBSPOT), StateOverlay.empty()).decision();

        assertThat(a.repId()).isEqualTo("alice");
        assertThat(a.trace().skipped()).containsExactly(new RepSkip("carol", "no Salesforce user id"));
        assertThat(h.repId()).isEqualTo("carol");
    }

    @Test
    void aLeadForBothCrmsGoesToARepWithAnIdInEachAndCarriesBothIds() {
        Rep sfOnly = withIds("sam", Map.of(Crms.SALESFORCE, "005sam"));
        Rep hsOnly = withIds("hana", Map.of(Crms.HUBSPOT, "777"));
        Rep both = withIds("bea", Map.of(Crms.SALESFORCE, "005bea", Crms.HUBSPOT, "888"));
        Distributor distributor = new Distributor(oneTeam(sfOnly, hsOnly, both), CLOCK);

        Assign a = (Assign) distributor.decide(new LeadContext(LEAD, NOW, java.util.Set.of(Crms.SALESFORCE, Crms.HUBSPOT)),
                StateOverlay.empty()).decision();

        assertThat(a.repId()).isEqualTo("bea");
        assertThat(a.owners()).containsExactlyInAnyOrderEntriesOf(Map.of(Crms.SALESFORCE, "005bea", Crms.HUBSPOT, "888"));
        assertThat(a.trace().skipped()).containsExactly(new RepSkip("sam", "no HubSpot owner id"),
                new RepSkip("hana", "no Salesforce user id"));
    }

    @Test
    void aLeadForBothCrmsIsHeldWhenNoRepHasAnIdInEach() {
        Rep sfOnly = withIds("sam", Map.of(Crms.SALESFORCE, "005sam"));
        Distributor distributor = new Distributor(oneTeam(sfOnly), CLOCK);

        Decision d = distributor.decide(LeadContext.of(LEAD, NOW, java.util.List.of(Crms.SALESFORCE, Crms.HUBSPOT)),
                StateOverlay.empty()).decision();

        assertThat(d).isInstanceOf(Hold.class);
        assertThat(d.trace().summary()).contains("a salesforce + hubspot lead").contains("sam skipped: no HubSpot owner id");
    }

    @Test
    void restartsAtTheFirstMemberWhenThePreviousTurnsRepLeftTheTeam() {
        Distributor before = new Distributor(oneTeam(rep("alice"), rep("zoe")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        decideAndRecord(before, LEAD, state);
        decideAndRecord(before, LEAD, state);
        Distributor after = new Distributor(oneTeam(rep("alice"), rep("bob")), CLOCK);

        Assign a = (Assign) decideAndRecord(after, LEAD, state);

        assertThat(a.repId()).isEqualTo("alice");
        assertThat(a.trace().summary()).isEqualTo("rule 'everyone' matched; round robin in team 'inside-sales' gave the turn"
                + " to alice, starting over at the first member because zoe (previous turn) is no longer in the team");
        assertThat(repOf(decideAndRecord(after, LEAD, state))).isEqualTo("bob");
    }

    @Test
    void aRepWhoWasAwayIsNeitherOwedABurstNorStarvedWithoutCatchUp() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob"), rep("carol"), rep("dave")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        state.setAvailability("carol", new Availability(Availability.Status.PAUSED, null));
        for (int i = 0; i < 30; i++) {
            assertThat(repOf(decideAndRecord(distributor, LEAD, state))).isNotEqualTo("carol");
        }
        state.setAvailability("carol", Availability.AVAILABLE);

        List<String> next = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            next.add(repOf(decideAndRecord(distributor, LEAD, state)));
        }

        assertThat(next.stream().filter("carol"::equals).count()).isEqualTo(10);
        for (int i = 1; i < next.size(); i++) {
            assertThat(next.get(i)).as("lead %d after carol's return", i).isNotEqualTo(next.get(i - 1));
        }
    }

    @Test
    void cappedCatchUpGivesAReturningRepAtMostTheCapOfMissedLeads() {
        Distributor distributor = new Distributor(oneTeam(Strategy.ROUND_ROBIN, new CatchUp(2),
                rep("alice"), rep("bob"), rep("carol"), rep("dave")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        state.setAvailability("carol", new Availability(Availability.Status.PAUSED, null));
        for (int i = 0; i < 40; i++) {
            decideAndRecord(distributor, LEAD, state);
        }
        assertThat(state.standing("inside-sales", "carol").owed()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        state.setAvailability("carol", Availability.AVAILABLE);

        List<String> next = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            next.add(repOf(decideAndRecord(distributor, LEAD, state)));
        }

        Assign first = (Assign) distributor.decide(context(LEAD), StateOverlay.empty()).decision();
        assertThat(first.repId()).isEqualTo("alice");
        assertThat(next.subList(0, 2)).containsOnly("carol");
        assertThat(next.stream().filter("carol"::equals).count()).isBetween(4L, 5L);
    }

    @Test
    void weightedSharesFollowTheWeightsAndStayWithinOneLeadThroughout() {
        Distributor distributor = new Distributor(oneTeam(Strategy.WEIGHTED, CatchUp.NONE,
                weighted("alice", 3), weighted("bob", 1)), CLOCK);
        StateOverlay state = StateOverlay.empty();
        int alice = 0;
        for (int i = 1; i <= 1000; i++) {
            if ("alice".equals(repOf(decideAndRecord(distributor, LEAD, state)))) {
                alice++;
            }
            assertThat(Math.abs(alice - 0.75 * i)).as("after %d leads", i).isLessThanOrEqualTo(1.0);
        }
        assertThat(alice).isEqualTo(750);
    }

    @Test
    void leastLoadedPicksTheRepWithFewestOpenLeads() {
        Distributor distributor = new Distributor(oneTeam(Strategy.LEAST_LOADED, CatchUp.NONE,
                rep("alice"), rep("bob"), rep("carol")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        state.apply(List.of(new StateChange.Load("alice", NOW.atZone(ZoneOffset.UTC).toLocalDate(), 3, 3),
                new StateChange.Load("bob", NOW.atZone(ZoneOffset.UTC).toLocalDate(), 1, 1),
                new StateChange.Load("carol", NOW.atZone(ZoneOffset.UTC).toLocalDate(), 2, 2)));

        Assign a = (Assign) decideAndRecord(distributor, LEAD, state);

        assertThat(a.repId()).isEqualTo("bob");
        assertThat(a.trace().summary()).contains("bob (1 open lead, the fewest among 3 eligible)");
        assertThat(repOf(decideAndRecord(distributor, LEAD, state))).isIn("bob", "carol");
        assertThat(state.openLeads("alice")).isEqualTo(3);
    }

    @Test
    void dailyCapCountsTheDayInTheRepsOwnZone() {
        WorkingHours tokyoAllDay = new WorkingHours(ZoneId.of("Asia/Tokyo"), EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(0, 0), LocalTime.of(23, 59, 59));
        Rep kenji = new Rep("kenji", "Kenji", Map.of(Crms.SALESFORCE, "005kenji"), 1, new Caps(1, null), tokyoAllDay,
                java.util.Set.of(), true, false);
        Policy policy = oneTeam(kenji);
        StateOverlay state = StateOverlay.empty();
        Instant lateTokyo = Instant.parse("2025-03-03T14:50:00Z");
        Distributor late = new Distributor(policy, Clock.fixed(lateTokyo, ZoneOffset.UTC));

        assertThat(repOf(decideAndRecord(late, LEAD, state))).isEqualTo("kenji");
        Hold held = (Hold) decideAndRecord(late, LEAD, state);
        Distributor nextTokyoDay = new Distributor(policy, Clock.fixed(Instant.parse("2025-03-03T15:00:30Z"), ZoneOffset.UTC));

        assertThat(held.trace().skipped()).containsExactly(
                new RepSkip("kenji", "daily cap 1 reached (1 on 2025-03-03 in Asia/Tokyo)"));
        assertThat(held.retryAt()).isEqualTo(Instant.parse("2025-03-03T15:00:00Z"));
        assertThat(repOf(decideAndRecord(nextTokyoDay, LEAD, state))).isEqualTo("kenji");
    }

    @Test
    void openLeadCapIsNeverExceededAndFreesUpWhenALeadCloses() {
        Distributor distributor = new Distributor(oneTeam(capped("alice", null, 2), rep("bob")), CLOCK);
        StateOverlay state = StateOverlay.empty();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            counts.merge(repOf(decideAndRecord(distributor, LEAD, state)), 1, Integer::sum);
        }
        assertThat(counts).containsEntry("alice", 2).containsEntry("bob", 8);
        state.apply(List.of(new StateChange.Load("alice", NOW.atZone(ZoneOffset.UTC).toLocalDate(), -1, 0)));

        List<String> next = List.of(repOf(decideAndRecord(distributor, LEAD, state)), repOf(decideAndRecord(distributor, LEAD, state)));
        assertThat(next).containsOnlyOnce("alice");
        assertThat(state.openLeads("alice")).isEqualTo(2);
    }

    @Test
    void outsideWorkingHoursIsSkippedAndTheHoldRetriesWhenTheDayStarts() {
        Policy policy = oneTeam(working("nina", NINE_TO_FIVE_NEW_YORK));
        Distributor early = new Distributor(policy, Clock.fixed(Instant.parse("2025-03-03T13:30:00Z"), ZoneOffset.UTC));

        Hold held = (Hold) early.decide(context(LEAD), StateOverlay.empty()).decision();

        assertThat(held.trace().skipped()).containsExactly(new RepSkip("nina",
                "outside working hours (Mon–Fri 09:00–17:00 America/New_York; back Mon 09:00)"));
        assertThat(held.retryAt()).isEqualTo(Instant.parse("2025-03-03T14:00:00Z"));
        assertThat(held.reason()).contains("held until someone is available");
    }

    @Test
    void workingHoursFollowTheDaylightSavingChange() {
        Policy policy = oneTeam(working("nina", NINE_TO_FIVE_NEW_YORK));
        Instant saturdayBefore = Instant.parse("2025-03-07T13:30:00Z");
        Instant mondayAfter = Instant.parse("2025-03-10T13:30:00Z");

        assertThat(NINE_TO_FIVE_NEW_YORK.isOpen(Instant.parse("2025-03-07T14:30:00Z"))).isTrue();
        assertThat(NINE_TO_FIVE_NEW_YORK.isOpen(saturdayBefore)).isFalse();
        assertThat(new Distributor(policy, Clock.fixed(mondayAfter, ZoneOffset.UTC))
                .decide(context(LEAD), StateOverlay.empty()).decision()).isInstanceOf(Assign.class);
        assertThat(NINE_TO_FIVE_NEW_YORK.nextOpen(Instant.parse("2025-03-07T22:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
    }

    @Test
    void stickyOwnerKeepsTheSamePersonAndCompanyButNotAFreeMailDomain() {
        Policy policy = new Policy(List.of(new Team("inside-sales", "Inside sales", List.of(rep("alice"), rep("bob")))),
                List.of(new Rule("everyone", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", true, false))));
        Distributor distributor = new Distributor(policy, CLOCK);
        StateOverlay state = StateOverlay.empty();

        String first = repOf(decideAndRecord(distributor, lead("jo@acme.com", "US"), state));
        Assign sameCompany = (Assign) decideAndRecord(distributor, lead("sam@acme.com", "US"), state);
        String gmailOne = repOf(decideAndRecord(distributor, lead("a@gmail.com", "US"), state));
        String gmailTwo = repOf(decideAndRecord(distributor, lead("b@gmail.com", "US"), state));
        Assign samePerson = (Assign) decideAndRecord(distributor, lead("a@gmail.com", "US"), state);

        assertThat(first).isEqualTo("alice");
        assertThat(sameCompany.repId()).isEqualTo("alice");
        assertThat(sameCompany.strategy()).isEqualTo("sticky");
        assertThat(sameCompany.trace().summary()).contains("sticky: alice already owns leads of the company domain acme.com");
        assertThat(gmailOne).isNotEqualTo(gmailTwo);
        assertThat(samePerson.repId()).isEqualTo(gmailOne);
        assertThat(samePerson.trace().summary()).contains("the same email address").doesNotContain("a@gmail.com");
    }

    @Test
    void anUnavailableStickyOwnerFallsBackToTheRotationAndTheTraceSaysWhy() {
        Policy policy = new Policy(List.of(new Team("inside-sales", "Inside sales", List.of(rep("alice"), rep("bob")))),
                List.of(new Rule("everyone", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", true, false))));
        Distributor distributor = new Distributor(policy, CLOCK);
        StateOverlay state = StateOverlay.empty();
        decideAndRecord(distributor, lead("jo@acme.com", "US"), state);
        state.setAvailability("alice", new Availability(Availability.Status.PAUSED, null));

        Assign a = (Assign) decideAndRecord(distributor, lead("jo@acme.com", "US"), state);

        assertThat(a.repId()).isEqualTo("bob");
        assertThat(a.trace().skipped()).contains(new RepSkip("alice", "sticky owner of the same email address but paused"));
    }

    @Test
    void nobodyEligibleGoesToTheFallbackOwnerWhenTheRuleSaysSo() {
        Rep ops = rep("ops");
        Policy policy = new Policy(List.of(new Team("inside-sales", "Inside sales", List.of(inactive("alice")))), List.of(),
                List.of(), List.of(new Rule("everyone", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "inside-sales", false, true))),
                ops, null, List.of());

        Assign a = (Assign) new Distributor(policy, CLOCK).decide(context(LEAD), StateOverlay.empty()).decision();

        assertThat(a.repId()).isEqualTo("ops");
        assertThat(a.strategy()).isEqualTo("fallback");
        assertThat(a.trace().summary()).contains("assigned to the fallback owner ops").contains("alice skipped: inactive");
    }

    @Test
    void noMatchingRuleHoldsWithEveryRuleTriedInTheTrace() {
        Policy policy = new Policy(List.of(new Team("t", "T", List.of(rep("alice")))), List.of(new Rule("us-only", "",
                List.of(new Condition.Field("country", new Matcher.OneOf(List.of("US")))),
                new Action.Push(Strategy.ROUND_ROBIN, "t", false, false))));

        Hold h = (Hold) new Distributor(policy, CLOCK).decide(context(lead("jo@acme.de", "DE")), StateOverlay.empty()).decision();

        assertThat(h.reason()).isEqualTo("no rule matched the lead");
        assertThat(h.trace().rules()).containsExactly(new RuleTrial("us-only", false, "country 'DE' not in [US]"));
    }
}
