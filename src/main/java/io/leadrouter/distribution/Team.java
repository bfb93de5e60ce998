package io.leadrouter.distribution;

import java.util.List;
import java.util.Objects;

/**
 * A team of reps; the member order breaks rotation ties. {@code catchUp} says how many missed leads a rep who was
 * briefly unavailable (paused, out of office, off hours) gets back on return.
 */
public record Team(String id, String name, List<Rep> members, CatchUp catchUp) {
    public Team {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        catchUp = catchUp == null ? CatchUp.NONE : catchUp;
    }

    public Team(String id, String name, List<Rep> members) {
        this(id, name, members, CatchUp.NONE);
    }

    /** A partner team: its members are partners' users, who accept offers instead of being assigned. */
    public boolean partner() {
        return !members.isEmpty() && members.stream().allMatch(Rep::partner);
    }

    public boolean hasMember(String repId) {
        return members.stream().anyMatch(r -> r.id().equals(repId));
    }
}
