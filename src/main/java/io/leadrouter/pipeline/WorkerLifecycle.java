package io.leadrouter.pipeline;

import io.leadrouter.ledger.QueueWorker;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Starts the queue workers once everything (Camel included) is up, and stops them first on shutdown, so no
 * worker calls a CRM through a Camel context that is not running.
 */
@Component
class WorkerLifecycle {
    private final List<QueueWorker> workers;

    WorkerLifecycle(List<QueueWorker> workers) {
        this.workers = workers;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        workers.forEach(QueueWorker::start);
    }

    @EventListener(ContextClosedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void stop() {
        workers.forEach(QueueWorker::stop);
    }
}
