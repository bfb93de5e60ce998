package io.leadrouter.distribution;

import java.util.List;
import java.util.Objects;

/** A team of reps; the member order is the round-robin order. */
public record Team(String id, String name, List<Rep> members) {
    public Team {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }
}
