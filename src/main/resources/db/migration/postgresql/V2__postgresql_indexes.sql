-- PostgreSQL only: on H2 a secondary index used by FOR UPDATE SKIP LOCKED locks every matching row.
CREATE INDEX outbox_due ON outbox (crm, next_attempt_at, id);
