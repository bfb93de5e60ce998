package io.leadrouter.distribution;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The policy's durations: {@code 90s}, {@code 10m}, {@code 4h}, {@code 2d}, or combined {@code 1h30m}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(?:(\\d{1,4})d)?(?:(\\d{1,5})h)?(?:(\\d{1,6})m)?(?:(\\d{1,7})s)?");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 32) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ofDays(num(m.group(1))).plusHours(num(m.group(2))).plusMinutes(num(m.group(3)))
                .plusSeconds(num(m.group(4)));
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    public static String format(Duration d) {
        StringBuilder s = new StringBuilder();
        long seconds = d.getSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            s.append(days).append('d');
        }
        if (hours > 0) {
            s.append(hours).append('h');
        }
        if (minutes > 0) {
            s.append(minutes).append('m');
        }
        if (secs > 0 || s.isEmpty()) {
            s.append(secs).append('s');
        }
        return s.toString();
    }

    private static long num(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
