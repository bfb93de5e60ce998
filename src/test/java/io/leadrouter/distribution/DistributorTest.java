package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.leadrouter.distribution.Fixtures.CLOCK;
import static io.leadrouter.distribution.Fixtures.NOW;
import static io.leadrouter.distribution.Fixtures.lead;
import static io.leadrouter.distribution.Fixtures.oneTeam;
import static io.leadrouter.distribution.Fixtures.paused;
import static io.leadrouter.distribution.Fixtures.rep;
import static io.leadrouter.distribution.Fixtures.withIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributorTest {
    private static final Lead LEAD = lead("jo@acme.com", "US");

    @Test
    void firstTurnGoesToTheFirstMember() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob")), CLOCK);

        Assign a = (Assign) distributor.decide(LEAD, Crms.SALESFORCE, new Fixtures.Cursor());

        assertThat(a.repId()).isEqualTo("alice");
        assertThat(a.repName()).isEqualTo("Alice");
        assertThat(a.ruleId()).isEqualTo("everyone");
        assertThat(a.teamId()).isEqualTo("inside-sales");
        assertThat(a.strategy()).isEqualTo("round-robin");
        assertThat(a.owners()).containsExactly(Map.entry(Crms.SALESFORCE, "005alice"));
        assertThat(a.decidedAt()).isEqualTo(NOW);
        assertThat(a.trace().rules()).containsExactly(new RuleTrial("everyone", true, "no conditions: matches every lead"));
        assertThat(a.trace().skipped()).isEmpty();
        assertThat(a.trace().summary())
                .isEqualTo("rule 'everyone' matched; round robin in team 'inside-sales' gave the first turn to alice");
    }

    @Test
    void roundRobinFollowsMemberOrderAndWraps() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob"), rep("carol"), rep("dave")), CLOCK);
        Fixtures.Cursor cursor = new Fixtures.Cursor();

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(((Assign) cursor.decideAndRecord(distributor, LEAD, Crms.SALESFORCE)).repId());
        }

        assertThat(order).containsExactly("alice", "bob", "carol", "dave", "alice", "bob");
    }

    @Test
    void theTurnAfterTheLastMemberWrapsToTheFirst() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob"), rep("carol")), CLOCK);

        Assign a = (Assign) distributor.decide(LEAD, Crms.SALESFORCE, new Fixtures.Cursor("inside-sales", "carol"));

        assertThat(a.repId()).isEqualTo("alice");
        assertThat(a.trace().summary()).endsWith("gave the turn after carol to alice");
    }

    @Test
    void isExactlyEvenOverManyDecisions() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob"), rep("carol"), rep("dave")), CLOCK);
        Fixtures.Cursor cursor = new Fixtures.Cursor();
        Map<String, Integer> counts = new TreeMap<>();
        String previous = null;

        for (int i = 0; i < 4_000; i++) {
            String repId = ((Assign) cursor.decideAndRecord(distributor, LEAD, Crms.SALESFORCE)).repId();
            assertThat(repId).as("decision %d", i).isNotEqualTo(previous);
            counts.merge(repId, 1, Integer::sum);
            previous = repId;
        }

        assertThat(counts).isEqualTo(Map.of("alice", 1000, "bob", 1000, "carol", 1000, "dave", 1000));
    }

    @Test
    void skipsPausedRepsAndSaysWhy() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob"), paused("carol"), rep("dave")), CLOCK);

        Assign a = (Assign) distributor.decide(LEAD, Crms.SALESFORCE, new Fixtures.Cursor("inside-sales", "bob"));

        assertThat(a.repId()).isEqualTo("dave");
        assertThat(a.trace().skipped()).containsExactly(new RepSkip("carol", "paused"));
        assertThat(a.trace().summary()).isEqualTo(
                "rule 'everyone' matched; round robin in team 'inside-sales' gave the turn after bob to dave (carol skipped: paused)");
    }

    @Test
    void skipsRepsWithoutAnIdInTheTargetCrm() {
        Rep alice = withIds("alice", Map.of(Crms.SALESFORCE, "005alice"));
        Rep bob = withIds("bob", Map.of(Crms.SALESFORCE, "005bob", Crms.HUBSPOT, "111"));
        Rep carol = withIds("carol", Map.of(Crms.HUBSPOT, "333"));
        Distributor distributor = new Distributor(oneTeam(alice, bob, carol), CLOCK);
        Fixtures.Cursor cursor = new Fixtures.Cursor("inside-sales", "bob");

        Assign toSalesforce = (Assign) distributor.decide(LEAD, Crms.SALESFORCE, cursor);
        Assign toHubspot = (Assign) distributor.decide(LEAD, Crms.HUBSPOT, new Fixtures.Cursor("inside-sales", "carol"));

        assertThat(toSalesforce.repId()).isEqualTo("alice");
        assertThat(toSalesforce.trace().skipped()).containsExactly(new RepSkip("carol", "no salesforce user id"));
        assertThat(toHubspot.repId()).isEqualTo("bob");
        assertThat(toHubspot.trace().skipped()).containsExactly(new RepSkip("alice", "no hubspot user id"));
        assertThat(toHubspot.owners()).isEqualTo(Map.of(Crms.SALESFORCE, "005bob", Crms.HUBSPOT, "111"));
    }

    @Test
    void restartsAtTheFirstMemberWhenThePreviousTurnsRepLeftTheTeam() {
        Distributor distributor = new Distributor(oneTeam(rep("alice"), rep("bob")), CLOCK);

        Assign a = (Assign) distributor.decide(LEAD, Crms.SALESFORCE, new Fixtures.Cursor("inside-sales", "zoe"));

        assertThat(a.repId()).isEqualTo("alice");
        assertThat(a.trace().summary()).isEqualTo("rule 'everyone' matched; round robin in team 'inside-sales' gave the turn"
                + " to alice, starting over at the first member because zoe (previous turn) is no longer in the team");
    }

    @Test
    void aRepAddedToTheTeamGetsTheirTurnInMemberOrder() {
        Fixtures.Cursor cursor = new Fixtures.Cursor("inside-sales", "alice");
        Distributor grown = new Distributor(oneTeam(rep("alice"), rep("erin"), rep("bob")), CLOCK);

        assertThat(((Assign) cursor.decideAndRecord(grown, LEAD, Crms.SALESFORCE)).repId()).isEqualTo("erin");
        assertThat(((Assign) cursor.decideAndRecord(grown, LEAD, Crms.SALESFORCE)).repId()).isEqualTo("bob");
    }

    @Test
    void theOnlyEligibleRepGetsEveryTurn() {
        Distributor distributor = new Distributor(oneTeam(paused("alice"), rep("bob"), paused("carol")), CLOCK);
        Fixtures.Cursor cursor = new Fixtures.Cursor();

        Assign first = (Assign) cursor.decideAndRecord(distributor, LEAD, Crms.SALESFORCE);
        Assign second = (Assign) cursor.decideAndRecord(distributor, LEAD, Crms.SALESFORCE);

        assertThat(first.repId()).isEqualTo("bob");
        assertThat(first.trace().skipped()).containsExactly(new RepSkip("alice", "paused"));
        assertThat(second.repId()).isEqualTo("bob");
        assertThat(second.trace().skipped()).containsExactly(new RepSkip("carol", "paused"), new RepSkip("alice", "paused"));
    }

    @Test
    void holdsWhenNobodyInTheTeamIsEligible() {
        Rep hubspotOnly = withIds("bob", Map.of(Crms.HUBSPOT, "222"));
        Distributor distributor = new Distributor(oneTeam(paused("alice"), hubspotOnly), CLOCK);

        Hold hold = (Hold) distributor.decide(LEAD, Crms.SALESFORCE, new Fixtures.Cursor("inside-sales", "alice"));

        assertThat(hold.reason()).isEqualTo("rule 'everyone' matched but no rep in team 'inside-sales' can take a salesforce"
                + " lead (bob skipped: no salesforce user id, alice skipped: paused)");
        assertThat(hold.trace().skipped()).containsExactly(
                new RepSkip("bob", "no salesforce user id"), new RepSkip("alice", "paused"));
        assertThat(hold.trace().rules()).extracting(RuleTrial::matched).containsExactly(true);
        assertThat(hold.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void holdsWhenNoRuleMatches() {
        Policy policy = new Policy(List.of(new Team("na", "North America", List.of(rep("alice")))),
                List.of(new Rule("north-america", "", List.of(new Condition("country", new Matcher.OneOf(List.of("US", "CA")))),
                        new Push(Strategy.ROUND_ROBIN, "na"))));
        Distributor distributor = new Distributor(policy, CLOCK);

        Hold hold = (Hold) distributor.decide(lead("jo@acme.com", "DE"), Crms.SALESFORCE, new Fixtures.Cursor());

        assertThat(hold.reason()).isEqualTo("no rule matched the lead");
        assertThat(hold.trace().rules()).containsExactly(new RuleTrial("north-america", false, "country 'DE' not in [US, CA]"));
        assertThat(hold.trace().summary()).isEqualTo("no rule matched: 'north-america' (country 'DE' not in [US, CA])");
        assertThat(hold.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void refusesAnUnknownCrm() {
        Distributor distributor = new Distributor(oneTeam(rep("alice")), CLOCK);

        assertThatThrownBy(() -> distributor.decide(LEAD, "pipedrive", new Fixtures.Cursor()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown crm 'pipedrive'; use one of [salesforce, hubspot]");
    }
}
