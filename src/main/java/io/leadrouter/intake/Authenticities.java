package io.leadrouter.intake;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The authenticity schemes sources can name. */
public final class Authenticities {
    private Authenticities() {
    }

    public static Authenticity of(String scheme, Function<String, String> setting, Clock clock) {
        if ("none".equals(scheme)) {
            return Authenticity.NONE;
        }
        throw new IllegalArgumentException("unknown authenticity scheme '" + scheme + "'; known: " + schemes());
    }

    public static Set<String> schemes() {
        return Set.of("none");
    }

    public static List<String> requiredSettings(String scheme) {
        return List.of();
    }
}
