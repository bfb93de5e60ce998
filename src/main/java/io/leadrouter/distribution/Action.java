package io.leadrouter.distribution;

import java.util.Objects;

/** What a matching rule does with the lead (the rule's {@code then:}). */
public sealed interface Action permits Action.Push, Action.Pull, Action.UseLadder {

    /**
     * Assign now to one rep of {@code teamId}, chosen by {@code strategy}.
     *
     * @param sticky           a lead from a known email or company domain goes to its existing owner when eligible
     * @param fallbackIfNobody nobody eligible → the policy's fallback owner; false → hold until someone is
     */
    record Push(Strategy strategy, String teamId, boolean sticky, boolean fallbackIfNobody) implements Action {
        public Push {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(teamId, "teamId");
        }
    }

    /** Put the lead in a pull queue for eligible reps to claim; higher priority is claimed first. */
    record Pull(String queueId, int priority) implements Action {
        public Pull {
            Objects.requireNonNull(queueId, "queueId");
        }
    }

    /** Walk the steps of a ladder on one SLA clock that starts at submission. */
    record UseLadder(String ladderId) implements Action {
        public UseLadder {
            Objects.requireNonNull(ladderId, "ladderId");
        }
    }
}
