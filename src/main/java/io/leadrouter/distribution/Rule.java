package io.leadrouter.distribution;

import java.util.List;
import java.util.Objects;

/** One ordered policy rule: when every condition holds for a lead, the action decides where it goes. */
public record Rule(String id, String description, List<Condition> when, Action then) {
    public Rule {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        when = List.copyOf(when);
        Objects.requireNonNull(then, "then");
    }

    /** True when the rule has no conditions, so it matches every lead. */
    public boolean matchesEverything() {
        return when.isEmpty();
    }
}
