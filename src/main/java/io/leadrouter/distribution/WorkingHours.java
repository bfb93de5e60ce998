package io.leadrouter.distribution;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A weekly window in an IANA zone, e.g. Monday to Friday 09:00–17:30 Europe/Paris. A window whose end is not after
 * its start runs past midnight (22:00–06:00 starts on the listed day). Local times are resolved through the zone's
 * rules, so a DST change day has its real length.
 */
public record WorkingHours(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    private static final int SEARCH_DAYS = 15;

    public WorkingHours {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("working hours need at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        if (from.equals(to)) {
            throw new IllegalArgumentException("working hours need a window: from and to are equal");
        }
    }

    /** True when {@code at} falls inside a window. */
    public boolean isOpen(Instant at) {
        return windowAround(at) != null;
    }

    /** The start of the next window at or after {@code at} ({@code at} itself when open). */
    public Instant nextOpen(Instant at) {
        if (isOpen(at)) {
            return at;
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        for (int i = 0; i <= SEARCH_DAYS; i++) {
            LocalDate d = day.plusDays(i);
            if (days.contains(d.getDayOfWeek())) {
                Instant start = start(d);
                if (!start.isBefore(at)) {
                    return start;
                }
            }
        }
        throw new IllegalStateException("no working window within " + SEARCH_DAYS + " days");
    }

    /**
     * The instant at which {@code amount} of working time has passed since {@code start}: time outside the windows
     * does not count. A lead at 23:00 on Friday with 10 minutes to go is due at Monday 09:10.
     */
    public Instant plusWorkingTime(Instant start, Duration amount) {
        Instant at = start;
        Duration left = amount;
        for (int guard = 0; guard < 10_000; guard++) {
            at = nextOpen(at);
            Instant windowEnd = windowAround(at)[1];
            Duration available = Duration.between(at, windowEnd);
            if (available.compareTo(left) >= 0) {
                return at.plus(left);
            }
            left = left.minus(available);
            at = windowEnd;
        }
        throw new IllegalStateException("working time " + amount + " does not fit in the calendar");
    }

    /** e.g. {@code Mon–Fri 09:00–17:30 Europe/Paris}. */
    public String describe() {
        String dayWords = days.stream().sorted().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                .collect(Collectors.joining(","));
        if (days.equals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))) {
            dayWords = "Mon–Fri";
        } else if (days.size() == 7) {
            dayWords = "every day";
        }
        return dayWords + " " + from + "–" + to + " " + zone.getId();
    }

    /** {start, end} of the window containing {@code at}, or null. */
    private Instant[] windowAround(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        for (LocalDate d : new LocalDate[] {today.minusDays(1), today}) {
            if (!days.contains(d.getDayOfWeek())) {
                continue;
            }
            Instant start = start(d);
            Instant end = end(d);
            if (!at.isBefore(start) && at.isBefore(end)) {
                return new Instant[] {start, end};
            }
        }
        return null;
    }

    private Instant start(LocalDate day) {
        return ZonedDateTime.of(day, from, zone).toInstant();
    }

    private Instant end(LocalDate day) {
        LocalDate endDay = to.isAfter(from) ? day : day.plusDays(1);
        return ZonedDateTime.of(endDay, to, zone).toInstant();
    }
}
