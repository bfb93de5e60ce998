package io.leadrouter.ledger;

import java.time.Instant;
import java.time.LocalDate;

/** A rep's stored load (open leads, leads on {@code loadDay}), availability and capacity overrides. */
public record RepStateRow(String repId, int openLeads, LocalDate loadDay, int dayCount, String availability,
                          Instant availableUntil, Integer capPerDay, Integer capOpen, Instant updatedAt,
                          String updatedBy) {

    /** A rep nothing was stored for yet. */
    public static RepStateRow fresh(String repId) {
        return new RepStateRow(repId, 0, null, 0, "available", null, null, null, null, null);
    }

    /** Leads received on {@code day} (0 when the stored day is another one). */
    public int leadsOn(LocalDate day) {
        return day.equals(loadDay) ? dayCount : 0;
    }
}
