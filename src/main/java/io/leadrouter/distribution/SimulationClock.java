package io.leadrouter.distribution;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock a simulation moves by hand: it reads whatever instant was last set, and never goes back. */
public final class SimulationClock extends Clock {
    private final Time time;
    private final ZoneId zone;

    public SimulationClock(Instant start) {
        this(new Time(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private SimulationClock(Time time, ZoneId zone) {
        this.time = time;
        this.zone = zone;
    }

    /** Moves the clock (and every view of it from {@link #withZone}) to {@code instant}. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(time.now)) {
            throw new IllegalArgumentException("a simulation clock does not go back: " + instant + " is before " + time.now);
        }
        time.now = instant;
    }

    @Override
    public Instant instant() {
        return time.now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new SimulationClock(time, newZone);
    }

    /** The instant shared by a clock and its zone views. */
    private static final class Time {
        private Instant now;

        Time(Instant now) {
            this.now = now;
        }
    }
}
