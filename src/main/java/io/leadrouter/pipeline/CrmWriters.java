package io.leadrouter.pipeline;

import io.leadrouter.ledger.QueueWorker;
import java.util.List;

/** The outbox workers of the CRMs that are switched on; woken whenever new decisions queued writes. */
public record CrmWriters(List<QueueWorker> workers) {

    public void wakeAll() {
        workers.forEach(QueueWorker::wake);
    }
}
