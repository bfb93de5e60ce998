package io.leadrouter.distribution;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a push picks one rep of a team. */
public enum Strategy {
    /** Equal shares: the eligible rep furthest behind their entitlement, ties in member order after the last turn. */
    ROUND_ROBIN("round-robin"),
    /** Shares proportional to each rep's weight, same ledger as round robin. */
    WEIGHTED("weighted"),
    /** The eligible rep with the fewest open leads; ties go to the one furthest behind their entitlement. */
    LEAST_LOADED("least-loaded");

    private final String externalName;

    Strategy(String externalName) {
        this.externalName = externalName;
    }

    /** The name used in the policy file, decisions and traces. */
    public String externalName() {
        return externalName;
    }

    public static Optional<Strategy> fromName(String name) {
        return Arrays.stream(values()).filter(s -> s.externalName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Strategy::externalName).toList();
    }
}
