package io.leadrouter.distribution;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a push rule picks one rep of a team. */
public enum Strategy {
    /** The next eligible member after the one who had the team's previous turn, in member order. */
    ROUND_ROBIN("round-robin");

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
