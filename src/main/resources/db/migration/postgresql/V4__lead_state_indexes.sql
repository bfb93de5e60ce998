-- Partial indexes: a pushed lead (no deadline, no queue) adds no entry to them, which keeps the decision's
-- transaction cheap; the sweeper and the queues only ever look for rows that have a due time or a queue.
CREATE INDEX lead_state_due ON lead_state (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX lead_state_queue ON lead_state (queue_id, status, priority, submitted_at) WHERE queue_id IS NOT NULL;
