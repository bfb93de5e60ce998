package io.leadrouter.distribution;

import static io.leadrouter.distribution.Fixtures.CLOCK;
import static io.leadrouter.distribution.Fixtures.NOW;
import static io.leadrouter.distribution.Fixtures.lead;
import static io.leadrouter.distribution.Fixtures.rep;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.lead.Lead;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the CRMs say reaches decisions only through the state port: roster status of reps' CRM users, sticky owners. */
class CrmDirectoryDecisionTest {
    private static final Lead LEAD = lead("jo@acme.example", "US");

    /** A state whose CRM answers are set by the test; everything else is a fresh day. */
    private static final class CrmAnswers implements DistributionState {
        final Map<String, CrmUserStatus> users = new HashMap<>();
        final Map<String, String> owners = new HashMap<>();
        final Map<String, String> notes = new HashMap<>();

        @Override
        public Availability availability(String repId) {
            return Availability.AVAILABLE;
        }

        @Override
        public Caps capsOverride(String repId) {
            return null;
        }

        @Override
        public int openLeads(String repId) {
            return 0;
        }

        @Override
        public int leadsOn(String repId, LocalDate day) {
            return 0;
        }

        @Override
        public Standing standing(String teamId, String repId) {
            return Standing.ZERO;
        }

        @Override
        public Optional<String> lastTurn(String teamId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> owner(String stickyKey) {
            return Optional.ofNullable(owners.get(stickyKey));
        }

        @Override
        public Optional<String> stickyNote(String stickyKey) {
            return Optional.ofNullable(notes.get(stickyKey));
        }

        @Override
        public CrmUserStatus crmUser(String crm, String crmUserId) {
            return users.getOrDefault(crm + "/" + crmUserId, CrmUserStatus.NOT_CHECKED);
        }
    }

    private static Policy stickyTeam(Rep... members) {
        return new Policy(List.of(new Team("sales", "Sales", List.of(members), CatchUp.NONE)),
                List.of(new Rule("everyone", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "sales", true, false))));
    }

    @Test
    void aRepWhoseCrmUserIsNotActiveIsSkippedWithTheReasonAndOthersAreNot() {
        CrmAnswers crm = new CrmAnswers();
        crm.users.put("salesforce/005alice", CrmUserStatus.INACTIVE);
        crm.users.put("salesforce/005bob", CrmUserStatus.ABSENT);
        crm.users.put("salesforce/005carol", CrmUserStatus.ACTIVE);
        Distributor distributor = new Distributor(stickyTeam(rep("alice"), rep("bob"), rep("carol"), rep("dave")), CLOCK);

        Assign assign = (Assign) distributor.decide(new LeadContext(LEAD, NOW, Crms.SALESFORCE), new StateOverlay(crm)).decision();

        assertThat(assign.repId()).isEqualTo("carol");
        assertThat(assign.trace().skipped()).containsExactly(
                new RepSkip("alice", "CRM_USER_INACTIVE: Salesforce user id 005alice is deactivated in Salesforce (roster sync)"),
                new RepSkip("bob", "CRM_USER_INACTIVE: Salesforce user id 005bob is not among Salesforce's active users (roster sync)"));
    }

    @Test
    void theRosterOfACrmTheLeadIsNotWrittenToDoesNotMatter() {
        CrmAnswers crm = new CrmAnswers();
        crm.users.put("salesforce/005alice", CrmUserStatus.INACTIVE);
        Distributor distributor = new Distributor(stickyTeam(rep("alice")), CLOCK);

        Assign assign = (Assign) distributor.decide(new LeadContext(LEAD, NOW, java.util.Set.of()), new StateOverlay(crm)).decision();

        assertThat(assign.repId()).isEqualTo("alice");
    }

    @Test
    void nobodyActiveInTheCrmHoldsTheLeadWithoutARetryTimeOfItsOwn() {
        CrmAnswers crm = new CrmAnswers();
        crm.users.put("salesforce/005alice", CrmUserStatus.ABSENT);
        Distributor distributor = new Distributor(stickyTeam(rep("alice")), CLOCK);

        Decision decision = distributor.decide(new LeadContext(LEAD, NOW, Crms.SALESFORCE), new StateOverlay(crm)).decision();

        assertThat(decision).isInstanceOfSatisfying(Hold.class, hold -> {
            assertThat(hold.retryAt()).isNull();
            assertThat(hold.trace().skipped()).extracting(RepSkip::reason).allMatch(r -> r.startsWith("CRM_USER_INACTIVE"));
        });
    }

    @Test
    void aStickyOwnerFromTheCrmIsNamedInTheTraceAndAFailedLookupSaysNoOwnerIsKnown() {
        Distributor distributor = new Distributor(stickyTeam(rep("alice"), rep("bob")), CLOCK);
        CrmAnswers found = new CrmAnswers();
        found.owners.put("email:jo@acme.example", "bob");
        found.notes.put("email:jo@acme.example", "owner of the Salesforce Contact 003X");

        Assign sticky = (Assign) distributor.decide(new LeadContext(LEAD, NOW, Crms.SALESFORCE), new StateOverlay(found)).decision();

        assertThat(sticky.repId()).isEqualTo("bob");
        assertThat(sticky.trace().summary()).contains("sticky: bob already owns leads of the same email address"
                + " (owner of the Salesforce Contact 003X)");

        CrmAnswers failed = new CrmAnswers();
        failed.notes.put("email:jo@acme.example", "no answer from Salesforce within 500 ms");
        Assign rotated = (Assign) distributor.decide(new LeadContext(LEAD, NOW, Crms.SALESFORCE), new StateOverlay(failed)).decision();

        assertThat(rotated.repId()).isEqualTo("alice");
        assertThat(rotated.trace().summary()).endsWith("; no sticky owner known: no answer from Salesforce within 500 ms");
    }

    @Test
    void onlyALeadTakenByAStickyPushWantsItsStickyOwner() {
        Rule plain = new Rule("plain-push", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "sales", false, false));
        Policy policy = new Policy(List.of(new Team("sales", "Sales", List.of(rep("alice")), CatchUp.NONE)), List.of(plain));

        assertThat(new Distributor(stickyTeam(rep("alice")), CLOCK).wantsStickyOwner(LEAD)).isTrue();
        assertThat(new Distributor(policy, CLOCK).wantsStickyOwner(LEAD)).isFalse();
    }

    @Test
    void anOwnerSetEarlierInTheBatchHidesTheCrmNote() {
        CrmAnswers crm = new CrmAnswers();
        crm.notes.put("email:jo@acme.example", "no answer from Salesforce within 500 ms");
        StateOverlay state = new StateOverlay(crm);
        state.apply(List.of(new StateChange.Ownership("email:jo@acme.example", "alice")));

        assertThat(state.stickyNote("email:jo@acme.example")).isEmpty();
        assertThat(state.crmUser(Crms.SALESFORCE, "005x")).isEqualTo(CrmUserStatus.NOT_CHECKED);
    }
}
