-- A CRM writer stands still for one of two reasons: PAUSED (the connection is wrong: bad credentials, missing field or
-- permission; probed every probe-interval) or LIMITED (the CRM answered that its API limit is reached, e.g. Salesforce
-- 403 REQUEST_LIMIT_EXCEEDED or a HubSpot 429; nothing is sent until next_probe_at). Either way no record fails.
ALTER TABLE crm_writer_state ADD COLUMN kind VARCHAR(16) DEFAULT 'PAUSED' NOT NULL;
