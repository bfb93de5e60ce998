package io.leadrouter.distribution;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One simulated rep's real week, kept by the simulation itself and never read from the engine: office hours Monday to
 * Friday in their zone, whole days out of office, and pauses. It is the ground truth the simulation checks the
 * engine's choices against, so it deliberately does not use {@link WorkingHours} or {@link Availability}.
 */
final class SimulationCalendar {
    private final ZoneId zone;
    private final LocalTime from;
    private final LocalTime to;
    private final NavigableSet<LocalDate> absent = new TreeSet<>();
    private final List<Instant[]> pauses = new ArrayList<>();

    SimulationCalendar(ZoneId zone, LocalTime from, LocalTime to) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("office hours end after they start");
        }
    }

    ZoneId zone() {
        return zone;
    }

    void addAbsence(LocalDate day) {
        absent.add(day);
    }

    void addPause(Instant start, Instant end) {
        pauses.add(new Instant[] {start, end});
    }

    NavigableSet<LocalDate> absences() {
        return absent;
    }

    static boolean isWorkday(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** Inside office hours (whether or not the rep is there). */
    boolean inOfficeHours(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        return isWorkday(local.toLocalDate()) && !time.isBefore(from) && time.isBefore(to);
    }

    boolean isAbsent(Instant at) {
        return absent.contains(at.atZone(zone).toLocalDate());
    }

    boolean isPaused(Instant at) {
        for (Instant[] p : pauses) {
            if (!at.isBefore(p[0]) && at.isBefore(p[1])) {
                return true;
            }
        }
        return false;
    }

    /** The rep's calendar day at {@code at}. */
    LocalDate day(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** Start and end of office hours on {@code day}, resolved in the zone (a DST day keeps its local times). */
    Instant[] window(LocalDate day) {
        return new Instant[] {ZonedDateTime.of(day, from, zone).toInstant(), ZonedDateTime.of(day, to, zone).toInstant()};
    }

    /** The first instant at or after {@code at} when the rep is at work (office hours, not out of office). */
    Instant nextAtWork(Instant at) {
        LocalDate day = day(at);
        for (int i = 0; i < 60; i++, day = day.plusDays(1)) {
            if (!isWorkday(day) || absent.contains(day)) {
                continue;
            }
            Instant[] w = window(day);
            if (at.isBefore(w[1])) {
                return at.isBefore(w[0]) ? w[0] : at;
            }
        }
        throw new IllegalStateException("no working day within 60 days of " + at);
    }

    /** The instant when {@code amount} of the rep's time at work has passed after {@code start}. */
    Instant plusTimeAtWork(Instant start, Duration amount) {
        Instant at = start;
        Duration left = amount;
        while (true) {
            at = nextAtWork(at);
            Instant end = window(day(at))[1];
            Duration available = Duration.between(at, end);
            if (available.compareTo(left) >= 0) {
                return at.plus(left);
            }
            left = left.minus(available);
            at = end;
        }
    }
}
