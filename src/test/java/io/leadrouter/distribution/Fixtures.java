package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared test data: a fixed clock, leads, reps and an in-memory round-robin cursor. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2025-03-03T09:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {
    }

    static Lead lead(String email, String country) {
        return new Lead("form-acme-contact", email, null, "Jo", "Doe", "Acme", null, country, null, Map.of());
    }

    static Rep rep(String id) {
        return new Rep(id, id.substring(0, 1).toUpperCase() + id.substring(1), Map.of(Crms.SALESFORCE, "005" + id), true);
    }

    static Rep paused(String id) {
        Rep r = rep(id);
        return new Rep(r.id(), r.name(), r.crmUserIds(), false);
    }

    static Rep withIds(String id, Map<String, String> crmUserIds) {
        return new Rep(id, id, crmUserIds, true);
    }

    /** One team, one catch-all round-robin rule. */
    static Policy oneTeam(Rep... members) {
        return new Policy(List.of(new Team("inside-sales", "Inside sales", List.of(members))),
                List.of(new Rule("everyone", "", List.of(), new Push(Strategy.ROUND_ROBIN, "inside-sales"))));
    }

    /** The round-robin cursor as the ledger would keep it: the caller records each assignment. */
    static final class Cursor implements RoundRobinState {
        final Map<String, String> last = new HashMap<>();

        Cursor() {
        }

        Cursor(String teamId, String repId) {
            last.put(teamId, repId);
        }

        @Override
        public Optional<String> lastAssigned(String teamId) {
            return Optional.ofNullable(last.get(teamId));
        }

        /** Decides and, like the caller in the pipeline, moves the cursor on an assignment. */
        Decision decideAndRecord(Distributor distributor, Lead lead, String crm) {
            Decision d = distributor.decide(lead, crm, this);
            if (d instanceof Assign a) {
                last.put(a.teamId(), a.repId());
            }
            return d;
        }
    }
}
