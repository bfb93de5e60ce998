package io.leadrouter.distribution;

import java.util.Optional;

/**
 * Port to the stored round-robin cursor of each team. The engine only reads it; the caller records
 * {@link Assign#repId()} as the team's new last assignee, in the same transaction as the decision.
 */
public interface RoundRobinState {
    /** The id of the rep who got the team's previous turn, if any. */
    Optional<String> lastAssigned(String teamId);
}
