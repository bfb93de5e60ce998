package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared test data: a fixed clock, leads, reps, and a state that records what each decision changed. */
final class Fixtures {
    /** A Monday, 09:30 UTC. */
    static final Instant NOW = Instant.parse("2025-03-03T09:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {
    }

    static Lead lead(String email, String country) {
        return new Lead("form-acme-contact", email, null, "Jo", "Doe", "Acme", null, country, null, Map.of());
    }

    static LeadContext context(Lead lead) {
        return new LeadContext(lead, NOW, Crms.SALESFORCE);
    }

    static Rep rep(String id) {
        return new Rep(id, id.substring(0, 1).toUpperCase() + id.substring(1), Map.of(Crms.SALESFORCE, "005" + id), true);
    }

    static Rep inactive(String id) {
        Rep r = rep(id);
        return new Rep(r.id(), r.name(), r.crmUserIds(), false);
    }

    static Rep withIds(String id, Map<String, String> crmUserIds) {
        return new Rep(id, id, crmUserIds, true);
    }

    static Rep weighted(String id, int weight) {
        Rep r = rep(id);
        return new Rep(r.id(), r.name(), r.crmUserIds(), weight, Caps.NONE, null, Set.of(), true, false);
    }

    static Rep capped(String id, Integer perDay, Integer open) {
        Rep r = rep(id);
        return new Rep(r.id(), r.name(), r.crmUserIds(), 1, new Caps(perDay, open), null, Set.of(), true, false);
    }

    static Rep working(String id, WorkingHours hours) {
        Rep r = rep(id);
        return new Rep(r.id(), r.name(), r.crmUserIds(), 1, Caps.NONE, hours, Set.of(), true, false);
    }

    static Rep partner(String id) {
        return new Rep(id, id, Map.of(), 1, Caps.NONE, null, Set.of(), true, true);
    }

    /** One team, one catch-all push rule with the given strategy. */
    static Policy oneTeam(Strategy strategy, CatchUp catchUp, Rep... members) {
        return new Policy(List.of(new Team("inside-sales", "Inside sales", List.of(members), catchUp)),
                List.of(new Rule("everyone", "", List.of(), new Action.Push(strategy, "inside-sales", false, false))));
    }

    static Policy oneTeam(Rep... members) {
        return oneTeam(Strategy.ROUND_ROBIN, CatchUp.NONE, members);
    }

    /** Decides and applies the decision's changes to {@code state}, like the ledger does in the decision's transaction. */
    static Decision decideAndRecord(Distributor distributor, Lead lead, StateOverlay state) {
        Outcome outcome = distributor.decide(context(lead), state);
        state.apply(outcome.changes());
        return outcome.decision();
    }

    static String repOf(Decision d) {
        if (d instanceof Assign a) {
            return a.repId();
        }
        if (d instanceof Offer o) {
            return o.repId();
        }
        throw new AssertionError("expected an assignment or offer, got " + d);
    }
}
