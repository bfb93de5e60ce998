package io.leadrouter.pipeline;

import io.leadrouter.distribution.Availability;
import io.leadrouter.distribution.Caps;
import io.leadrouter.distribution.DistributionState;
import io.leadrouter.ledger.RepStateRow;
import io.leadrouter.ledger.StateSnapshot;

import java.time.LocalDate;
import java.util.Optional;

/** The engine's state port over a ledger snapshot read under lock. */
final class LedgerState implements DistributionState {
    private final StateSnapshot snapshot;

    LedgerState(StateSnapshot snapshot) {
        this.snapshot = snapshot;
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
        return availability(row(repId));
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
        double[] s = snapshot.standings().get(StateSnapshot.standingKey(teamId, repId));
        return s == null ? Standing.ZERO : new Standing(s[0], (long) s[1]);
    }

    @Override
    public Optional<String> lastTurn(String teamId) {
        return Optional.ofNullable(snapshot.lastTurns().get(teamId));
    }

    @Override
    public Optional<String> owner(String stickyKey) {
        return Optional.ofNullable(snapshot.owners().get(stickyKey));
    }
}
