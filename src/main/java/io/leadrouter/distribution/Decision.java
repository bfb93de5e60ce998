package io.leadrouter.distribution;

import java.time.Instant;

/** The outcome of distributing one lead, with the trace that explains it. */
public sealed interface Decision permits Assign, Hold {
    Instant decidedAt();

    Trace trace();
}
