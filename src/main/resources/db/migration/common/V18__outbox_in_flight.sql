-- One write in flight per lead and CRM. A newer decision replaces a lead's outbox row (delete + insert) even while the
-- older row is leased and its CRM call is running; without a marker that outlives the row, another writer (thread or
-- replica) could lease the newer row and the two writes could reach the CRM out of order. A writer leaves a marker per
-- leased entry (expiring with its lease) and removes it when it records the result; the lease query skips entries
-- whose lead and CRM carry a live marker.
CREATE TABLE outbox_in_flight (
    lead_id     VARCHAR(36) NOT NULL,
    crm         VARCHAR(32) NOT NULL,
    outbox_id   BIGINT      NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT outbox_in_flight_pk PRIMARY KEY (lead_id, crm)
);
