package io.leadrouter.distribution;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A rep's volatile availability, set through the admin API: available, paused, or out of office until a time. */
public record Availability(Status status, Instant until) {
    public static final Availability AVAILABLE = new Availability(Status.AVAILABLE, null);

    public Availability {
        Objects.requireNonNull(status, "status");
    }

    /** The availability in force at {@code now}: an out-of-office or pause whose end has passed is over. */
    public Status at(Instant now) {
        if (status != Status.AVAILABLE && until != null && !now.isBefore(until)) {
            return Status.AVAILABLE;
        }
        return status;
    }

    /** The states, by their API names. */
    public enum Status {
        AVAILABLE("available"), PAUSED("paused"), OUT_OF_OFFICE("out-of-office");

        private final String externalName;

        Status(String externalName) {
            this.externalName = externalName;
        }

        public String externalName() {
            return externalName;
        }

        public static Optional<Status> fromName(String name) {
            return Arrays.stream(values()).filter(s -> s.externalName.equals(name)).findFirst();
        }

        public static List<String> names() {
            return Arrays.stream(values()).map(Status::externalName).toList();
        }
    }
}
