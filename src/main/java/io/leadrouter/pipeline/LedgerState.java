package io.leadrouter.pipeline;

import io.leadrouter.distribution.Availability;
import io.leadrouter.distribution.Caps;
import io.leadrouter.distribution.CrmUserStatus;
import io.leadrouter.distribution.DistributionState;
import io.leadrouter.ledger.RepStateRow;
import io.leadrouter.ledger.StateSnapshot;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** The engine's state port over a ledger snapshot read under lock. */
final class LedgerState implements DistributionState {
    private final StateSnapshot snapshot;
    private final CrmRosterView roster;
    private final CrmStickyOwners crmOwners;
    private final java.util.Map<String, Availability> availability = new java.util.HashMap<>();
    /** Team id → rep id → standing, built on first use from the snapshot's flat map. */
    private Map<String, Map<String, Standing>> standings;

    LedgerState(StateSnapshot snapshot) {
        this(snapshot, null, null);
    }

    /** {@code roster}, {@code crmOwners}: what the CRMs say (null = not consulted); read from memory, never a CRM call. */
    LedgerState(StateSnapshot snapshot, CrmRosterView roster, CrmStickyOwners crmOwners) {
        this.snapshot = snapshot;
        this.roster = roster;
        this.crmOwners = crmOwners;
    }

    static Availability availability(RepStateRow row) {
        Availability.Status status = Availability.Status.fromName(row.availability()).orElse(Availability.Status.AVAILABLE);
        return status == Availability.Status.AVAILABLE && row.availableUntil() == null ? Availability.AVAILABLE
                : new Availability(status, row.availableUntil());
    }

    private RepStateRow row(String repId) {
        RepStateRow row = snapshot.reps().get(repId);
        return row == null ? RepStateRow.fresh(repId) : row;
    }

    @Override
    public Availability availability(String repId) {
        return availability.computeIfAbsent(repId, r -> availability(row(r)));
    }

    @Override
    public Caps capsOverride(String repId) {
        RepStateRow row = row(repId);
        return row.capPerDay() == null && row.capOpen() == null ? null : new Caps(row.capPerDay(), row.capOpen());
    }

    @Override
    public int openLeads(String repId) {
        return row(repId).openLeads();
    }

    @Override
    public int leadsOn(String repId, LocalDate day) {
        return row(repId).leadsOn(day);
    }

    @Override
    public Standing standing(String teamId, String repId) {
        if (standings == null) {
            standings = new java.util.HashMap<>();
            snapshot.standings().forEach((key, s) -> {
                int slash = key.indexOf('/');
                standings.computeIfAbsent(key.substring(0, slash), t -> new java.util.HashMap<>())
                        .put(key.substring(slash + 1), new Standing(s[0], (long) s[1]));
            });
        }
        Map<String, Standing> team = standings.get(teamId);
        Standing s = team == null ? null : team.get(repId);
        return s == null ? Standing.ZERO : s;
    }

    @Override
    public Optional<String> lastTurn(String teamId) {
        return Optional.ofNullable(snapshot.lastTurns().get(teamId));
    }

    /** Our own ledger's owner first (the latest decision); else the owner of the key's records in a CRM, if looked up. */
    @Override
    public Optional<String> owner(String stickyKey) {
        String ours = snapshot.owners().get(stickyKey);
        if (ours != null || crmOwners == null) {
            return Optional.ofNullable(ours);
        }
        return crmOwners.owner(stickyKey);
    }

    @Override
    public Optional<String> stickyNote(String stickyKey) {
        return snapshot.owners().containsKey(stickyKey) || crmOwners == null ? Optional.empty() : crmOwners.note(stickyKey);
    }

    @Override
    public CrmUserStatus crmUser(String crm, String crmUserId) {
        return roster == null ? CrmUserStatus.NOT_CHECKED : roster.status(crm, crmUserId);
    }
}
