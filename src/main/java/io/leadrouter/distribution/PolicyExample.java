package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.Instant;
import java.util.Objects;

/**
 * An example lead with the decision the policy must give it (policy as code): run by the build and at start, on an
 * empty ledger with every rep available, at {@code at}.
 *
 * @param outcome the expected outcome: assign, enqueue, offer or hold
 * @param rule    expected rule id, or null to not check it; likewise {@code team}, {@code rep} and {@code queue}
 */
public record PolicyExample(String name, Lead lead, Instant at, String outcome, String rule, String team, String rep,
                            String queue) {
    public PolicyExample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
    }
}
