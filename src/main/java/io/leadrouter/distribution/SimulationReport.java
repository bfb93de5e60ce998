package io.leadrouter.distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulated month measured, as an ordered tree of names to numbers, texts, lists and maps (ready to be written
 * as JSON), with typed access to the figures a caller checks.
 */
public final class SimulationReport {
    private final Map<String, Object> values;

    SimulationReport(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /** Every figure, in report order. */
    public Map<String, Object> toMap() {
        return values;
    }

    /** Leads given (assigned, offered, claimed) to a rep who could not take one at that instant: must be 0. */
    public long assignedToUnavailable() {
        return ((Number) values.get("assignedToUnavailable")).longValue();
    }

    /** The largest |entitlement − received| of any rep in any team at the end, in leads. */
    public double fairnessMaxError() {
        return ((Number) values.get("fairnessMaxError")).doubleValue();
    }

    /** Share of business-hours leads for a team that a rep of it had within 60 seconds. */
    public double offeredWithin60s() {
        return ((Number) values.get("offeredWithin60s")).doubleValue();
    }

    public long seed() {
        return ((Number) values.get("seed")).longValue();
    }
}
