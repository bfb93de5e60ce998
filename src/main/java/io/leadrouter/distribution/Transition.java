package io.leadrouter.distribution;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one step in a lead's life changed, for the ledger to store in one transaction: the lead's new position, the
 * new decision if one was made, the state changes, the history events, and the owner to write to the CRMs
 * ({@code owners} null = no CRM write; CRM name to the owner id there).
 */
public record Transition(LeadPosition position, Decision decision, List<StateChange> changes, List<LeadEvent> events,
                         Map<String, String> owners) {
    public Transition {
        Objects.requireNonNull(position, "position");
        changes = List.copyOf(changes);
        events = List.copyOf(events);
        owners = owners == null ? null : Map.copyOf(owners);
    }
}
