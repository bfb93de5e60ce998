package io.leadrouter.distribution;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot plus the changes applied to it since: deciding a batch of leads against one snapshot, each lead sees
 * what the ones before it changed. Over {@link #empty()} it is the whole state, for tests, examples and simulations.
 * Not thread-safe.
 */
public final class StateOverlay implements DistributionState {
    private final DistributionState base;
    private final Map<String, Availability> availability = new HashMap<>();
    private final Map<String, Caps> overrides = new HashMap<>();
    private final Map<String, Integer> open = new HashMap<>();
    /** Rep id → (day → leads received that day); nested maps avoid building a key per lookup. */
    private final Map<String, Map<LocalDate, Integer>> perDay = new HashMap<>();
    /** Team id → (rep id → standing). */
    private final Map<String, Map<String, Standing>> standings = new HashMap<>();
    private final Map<String, String> lastTurns = new HashMap<>();
    private final Map<String, String> owners = new HashMap<>();

    public StateOverlay(DistributionState base) {
        this.base = base;
    }

    /** A state with nobody's leads, everyone available. */
    public static StateOverlay empty() {
        return new StateOverlay(null);
    }

    public void apply(List<StateChange> changes) {
        for (StateChange change : changes) {
            if (change instanceof StateChange.Rotation r) {
                    r.earned().forEach((repId, share) -> {
                        Standing s = standing(r.teamId(), repId);
                        standingsOf(r.teamId()).put(repId, new Standing(s.entitlement() + share, s.received()));
                    });
                    Standing s = standing(r.teamId(), r.turnTakenBy());
                    standingsOf(r.teamId()).put(r.turnTakenBy(), new Standing(s.entitlement(), s.received() + 1));
                lastTurns.put(r.teamId(), r.turnTakenBy());
            } else if (change instanceof StateChange.Load l) {
                    open.put(l.repId(), Math.max(0, openLeads(l.repId()) + l.open()));
                int before = leadsOn(l.repId(), l.day());
                perDay.computeIfAbsent(l.repId(), r -> new HashMap<>(4)).put(l.day(), before + l.received());
            } else if (change instanceof StateChange.Ownership o) {
                owners.put(o.stickyKey(), o.repId());
            }
        }
    }

    /** Sets a rep's availability, as the admin API would. */
    public void setAvailability(String repId, Availability value) {
        availability.put(repId, value);
    }

    public void setCapsOverride(String repId, Caps caps) {
        overrides.put(repId, caps);
    }

    @Override
    public Availability availability(String repId) {
        Availability a = availability.get(repId);
        return a != null ? a : base == null ? Availability.AVAILABLE : base.availability(repId);
    }

    @Override
    public Caps capsOverride(String repId) {
        if (overrides.containsKey(repId)) {
            return overrides.get(repId);
        }
        return base == null ? null : base.capsOverride(repId);
    }

    @Override
    public int openLeads(String repId) {
        Integer n = open.get(repId);
        return n != null ? n : base == null ? 0 : base.openLeads(repId);
    }

    @Override
    public int leadsOn(String repId, LocalDate day) {
        Map<LocalDate, Integer> days = perDay.get(repId);
        Integer n = days == null ? null : days.get(day);
        return n != null ? n : base == null ? 0 : base.leadsOn(repId, day);
    }

    @Override
    public Standing standing(String teamId, String repId) {
        Map<String, Standing> team = standings.get(teamId);
        Standing s = team == null ? null : team.get(repId);
        return s != null ? s : base == null ? Standing.ZERO : base.standing(teamId, repId);
    }

    @Override
    public Optional<String> lastTurn(String teamId) {
        String last = lastTurns.get(teamId);
        return last != null ? Optional.of(last) : base == null ? Optional.empty() : base.lastTurn(teamId);
    }

    @Override
    public Optional<String> owner(String stickyKey) {
        String o = owners.get(stickyKey);
        return o != null ? Optional.of(o) : base == null ? Optional.empty() : base.owner(stickyKey);
    }

    @Override
    public CrmUserStatus crmUser(String crm, String crmUserId) {
        return base == null ? CrmUserStatus.NOT_CHECKED : base.crmUser(crm, crmUserId);
    }

    /** A key whose owner a lead of this batch set has no note from the CRM: the owner is ours now. */
    @Override
    public Optional<String> stickyNote(String stickyKey) {
        return owners.containsKey(stickyKey) || base == null ? Optional.empty() : base.stickyNote(stickyKey);
    }

    private Map<String, Standing> standingsOf(String teamId) {
        return standings.computeIfAbsent(teamId, t -> new HashMap<>());
    }
}
