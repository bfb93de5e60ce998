package io.leadrouter.distribution;

import java.time.Instant;

/**
 * The outcome of distributing one lead, with the trace that explains it: a rep owns it now ({@link Assign}), it
 * waits in a pull queue ({@link Enqueue}), it is offered for a while ({@link Offer}), or nobody can take it yet
 * ({@link Hold}). None is final: leads move on along their ladder, are claimed, released or decided again.
 */
public sealed interface Decision permits Assign, Enqueue, Offer, Hold {
    Instant decidedAt();

    Trace trace();

    /** The rule that decided, or null when none matched. */
    String ruleId();

    /** The ladder the lead is on (null when none) and its step index. */
    String ladderId();

    Integer step();

    /** When this decision's clock runs out and the lead moves on (null = it does not). */
    Instant deadline();

    /** The decision's kind in lower case: {@code assign}, {@code enqueue}, {@code offer} or {@code hold}. */
    static String kind(Decision decision) {
        if (decision instanceof Assign) {
            return "assign";
        }
        if (decision instanceof Enqueue) {
            return "enqueue";
        }
        return decision instanceof Offer ? "offer" : "hold";
    }
}
