package io.leadrouter.distribution;

import java.util.Objects;

/** Assign the lead now to one rep of {@code teamId}, chosen by {@code strategy}. */
public record Push(Strategy strategy, String teamId) implements Action {
    public Push {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(teamId, "teamId");
    }
}
