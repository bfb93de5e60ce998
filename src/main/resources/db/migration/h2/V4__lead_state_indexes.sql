-- H2 has no partial indexes. The sweeper's FOR UPDATE SKIP LOCKED through lead_state_due locks every due row,
-- which only matters with several workers; an H2 file database serves one instance (see postgresql/V4).
CREATE INDEX lead_state_due ON lead_state (due_at);
CREATE INDEX lead_state_queue ON lead_state (queue_id, status, priority, submitted_at);
