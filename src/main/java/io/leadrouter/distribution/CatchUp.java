package io.leadrouter.distribution;

/**
 * How a rotation treats a rep who was unavailable for a while. {@code none}: only reps who could take a lead earn a
 * share of it, so a returning rep is neither owed a burst nor starved. {@code capped: N}: a briefly unavailable rep
 * keeps earning their share, up to N leads owed, and receives them first on return.
 */
public record CatchUp(int maxOwed) {
    public static final CatchUp NONE = new CatchUp(0);

    public CatchUp {
        if (maxOwed < 0) {
            throw new IllegalArgumentException("catch-up cannot be negative");
        }
    }

    public String describe() {
        return maxOwed == 0 ? "none" : "capped: " + maxOwed;
    }
}
