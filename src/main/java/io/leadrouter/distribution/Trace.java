package io.leadrouter.distribution;

import java.util.List;
import java.util.Objects;

/**
 * Why a decision came out as it did: each rule tried in order, each rep passed over and why, each ladder step
 * considered, and a one-sentence summary.
 */
public record Trace(List<RuleTrial> rules, List<RepSkip> skipped, List<StepTrial> steps, String summary) {
    public Trace {
        rules = List.copyOf(rules);
        skipped = List.copyOf(skipped);
        steps = List.copyOf(steps);
        Objects.requireNonNull(summary, "summary");
    }

    public Trace(List<RuleTrial> rules, List<RepSkip> skipped, String summary) {
        this(rules, skipped, List.of(), summary);
    }
}
