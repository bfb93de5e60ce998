package io.leadrouter.pipeline;

import java.util.List;

/** The write stages of the CRMs that are switched on; woken whenever new decisions queued writes. */
public record CrmWriters(LedgerPollComponent stages, List<String> stageNames) {

    public CrmWriters {
        stageNames = List.copyOf(stageNames);
    }

    public void wakeAll() {
        stageNames.forEach(stages::wake);
    }
}
