package io.leadrouter.distribution;

/**
 * Limits on how many leads a rep takes: per day (the day in the rep's own zone) and open at once; null = no limit.
 */
public record Caps(Integer perDay, Integer open) {
    public static final Caps NONE = new Caps(null, null);

    public Caps {
        if (perDay != null && perDay < 0 || open != null && open < 0) {
            throw new IllegalArgumentException("caps cannot be negative");
        }
    }

    /** These caps with each limit that {@code override} sets replacing ours. */
    public Caps overriddenBy(Caps override) {
        if (override == null) {
            return this;
        }
        return new Caps(override.perDay != null ? override.perDay : perDay, override.open != null ? override.open : open);
    }
}
