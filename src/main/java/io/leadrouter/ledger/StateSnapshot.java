package io.leadrouter.ledger;

import java.util.Map;

/**
 * Shared state read under lock at the start of a transaction: reps' load and availability, the fairness ledger
 * ({@code team + '/' + rep} → {entitlement, received}), each team's last turn, and sticky owners asked for.
 */
public record StateSnapshot(Map<String, RepStateRow> reps, Map<String, double[]> standings,
                            Map<String, String> lastTurns, Map<String, String> owners) {

    public static String standingKey(String teamId, String repId) {
        return teamId + "/" + repId;
    }
}
