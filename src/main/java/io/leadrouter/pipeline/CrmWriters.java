package io.leadrouter.pipeline;

import java.util.List;

/** The write stages of the CRMs that are switched on; woken whenever new decisions queued writes. */
public record CrmWriters(LedgerPollComponent stages, List<String> stageNames) {

    public CrmWriters {
        stageNames = List.copyOf(stageNames);
    }

    public void wakeAll() {
        wakeAll(1);
    }

    /** Wakes every writer, announcing up to {@code writes} new writes each (their linger ends once a batch is full). */
    public void wakeAll(int writes) {
        stageNames.forEach(stage -> stages.wake(stage, writes));
    }
}
