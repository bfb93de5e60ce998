package io.leadrouter.distribution;

import java.util.Objects;

/** One ladder step considered for a lead: its index, what it does, and what happened (taken, or why skipped). */
public record StepTrial(int index, String step, String outcome) {
    public StepTrial {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
    }
}
