package io.leadrouter.distribution;

import java.util.List;
import java.util.Objects;

/** What the engine returns for one lead: the decision and the state changes it made, stored together. */
public record Outcome(Decision decision, List<StateChange> changes) {
    public Outcome {
        Objects.requireNonNull(decision, "decision");
        changes = List.copyOf(changes);
    }
}
