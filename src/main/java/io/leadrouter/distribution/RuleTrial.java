package io.leadrouter.distribution;

import java.util.Objects;

/** One rule tried for a lead: whether it matched, and the condition outcome(s) that decided it. */
public record RuleTrial(String ruleId, boolean matched, String detail) {
    public RuleTrial {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(detail, "detail");
    }
}
