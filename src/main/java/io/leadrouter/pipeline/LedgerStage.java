package io.leadrouter.pipeline;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * One ledger stage, run as the Camel route {@code name} from {@code ledger-poll:<name>}: {@code step} claims and
 * handles one batch and answers how many items it handled (0 = nothing to do); {@code idle} is the sweep interval;
 * {@code linger} the longest wait for a batch of {@code batch} items to fill while work streams in (zero: never wait);
 * {@code concurrency} how many steps may run at once (extra ones only while full batches are waiting).
 */
public record LedgerStage(String name, IntSupplier step, Duration idle, Duration linger, int batch, int concurrency) {

    public LedgerStage {
        concurrency = Math.max(1, concurrency);
    }

    public LedgerStage(String name, IntSupplier step, Duration idle) {
        this(name, step, idle, Duration.ZERO, 0, 1);
    }

    public LedgerStage(String name, IntSupplier step, Duration idle, Duration linger, int batch) {
        this(name, step, idle, linger, batch, 1);
    }

    /** The stage names other stages wake after committing work for them. */
    public static final String DECIDE = "lead-processor";
    public static final String SWEEP = "sla-sweeper";
    public static final String MAP = "submission-mapper";
    public static final String FEEDBACK = "crm-feedback";
    public static final String NOTIFY = "notifier";
}
