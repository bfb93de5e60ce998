package io.leadrouter.distribution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An escalation ladder: steps tried in order on one clock that starts when the lead was submitted. Each step has a
 * deadline = submission + the timeouts of it and every step before it, counted in business hours when the ladder has
 * them. A step whose deadline has passed is skipped; a first touch stops the clock.
 */
public record Ladder(String id, WorkingHours businessHours, List<Step> steps) {
    public Ladder {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one step");
        }
    }

    /** When step {@code index} ends for a lead submitted at {@code submittedAt}; null when the step has no timeout. */
    public Instant deadline(int index, Instant submittedAt) {
        Duration total = Duration.ZERO;
        for (int i = 0; i <= index; i++) {
            Duration t = steps.get(i).timeout();
            if (t == null) {
                return null;
            }
            total = total.plus(t);
        }
        return businessHours == null ? submittedAt.plus(total) : businessHours.plusWorkingTime(submittedAt, total);
    }

    /** One rung of the ladder. */
    public sealed interface Step permits Offer, Pool, Partner, Fallback {
        /** How long this step may hold the lead; null = until touched. */
        Duration timeout();

        /** e.g. {@code offer to team inside-sales for 10m}. */
        String describe();
    }

    /** Offer to the best available rep of a team (the rep owns it until the deadline unless they touch it). */
    public record Offer(String teamId, Strategy strategy, Duration timeout) implements Step {
        @Override
        public String describe() {
            return "offer to a rep of team '" + teamId + "' (" + strategy.externalName() + ")" + forTimeout(timeout);
        }
    }

    /** Put the lead in a pull queue until the deadline. */
    public record Pool(String queueId, int priority, Duration timeout) implements Step {
        @Override
        public String describe() {
            return "pool in queue '" + queueId + "'" + forTimeout(timeout);
        }
    }

    /** Offer to a partner team, who see only non-personal fields until one of them accepts within the window. */
    public record Partner(String teamId, Duration timeout) implements Step {
        @Override
        public String describe() {
            return "offer to partner team '" + teamId + "'" + forTimeout(timeout);
        }
    }

    /** Assign to the policy's fallback owner; always the last step. */
    public record Fallback() implements Step {
        @Override
        public Duration timeout() {
            return null;
        }

        @Override
        public String describe() {
            return "assign to the fallback owner";
        }
    }

    private static String forTimeout(Duration timeout) {
        return timeout == null ? " until touched" : " for " + Durations.format(timeout);
    }
}
