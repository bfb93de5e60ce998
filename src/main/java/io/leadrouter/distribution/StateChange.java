package io.leadrouter.distribution;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/** A change to shared state that a decision made; the ledger writes it in the decision's transaction. */
public sealed interface StateChange permits StateChange.Rotation, StateChange.Load, StateChange.Ownership {

    /** A team's fairness ledger moved: each listed rep earned a share of a lead, and {@code turnTakenBy} received it. */
    record Rotation(String teamId, Map<String, Double> earned, String turnTakenBy) implements StateChange {
        public Rotation {
            Objects.requireNonNull(teamId, "teamId");
            earned = Map.copyOf(earned);
            Objects.requireNonNull(turnTakenBy, "turnTakenBy");
        }
    }

    /** A rep took on (positive) or gave up (negative) an open lead; {@code received} counts toward {@code day}'s cap. */
    record Load(String repId, LocalDate day, int open, int received) implements StateChange {
        public Load {
            Objects.requireNonNull(repId, "repId");
            Objects.requireNonNull(day, "day");
        }
    }

    /** Leads of {@code stickyKey} now belong to {@code repId} (sticky ownership). */
    record Ownership(String stickyKey, String repId) implements StateChange {
        public Ownership {
            Objects.requireNonNull(stickyKey, "stickyKey");
            Objects.requireNonNull(repId, "repId");
        }
    }
}
