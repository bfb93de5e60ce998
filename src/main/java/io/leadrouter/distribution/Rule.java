package io.leadrouter.distribution;

import java.util.List;
import java.util.Objects;

/** One ordered policy rule: when its condition holds for a lead, the action decides where it goes. */
public record Rule(String id, String description, Condition when, Action then) {
    public Rule {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        when = when == null ? Condition.all(List.of()) : when;
        Objects.requireNonNull(then, "then");
    }

    /** A rule whose conditions must all hold. */
    public Rule(String id, String description, List<Condition> when, Action then) {
        this(id, description, Condition.all(when), then);
    }

    /** True when the rule has no conditions, so it matches every lead. */
    public boolean matchesEverything() {
        return when instanceof Condition.All all && all.conditions().isEmpty();
    }
}
