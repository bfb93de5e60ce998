-- The outbox's due index without the id: with the queue table's statistics stale (analysed while it was empty), the
-- planner used (crm, next_attempt_at, id) to delete a row by id — a scan of the whole index per deleted row. Now only
-- the primary key serves an id, and the lease's range (crm, next_attempt_at <= now) is what this index is for.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (crm, next_attempt_at);

-- Queue tables churn (every row inserted, updated once or twice, deleted within seconds): room on each page for the
-- lease's update to stay on the page (a HOT update adds no index entries), and vacuum as soon as a thousand rows died
-- rather than at a fifth of the table, without the cost-based pauses.
ALTER TABLE outbox SET (fillfactor = 70);
ALTER TABLE notifications SET (fillfactor = 70);
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE outbox_in_flight SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE inbox_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE submission_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE notifications SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE crm_feedback SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
