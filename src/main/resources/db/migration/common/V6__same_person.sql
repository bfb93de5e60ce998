-- Dedupe across channels: the same person (email, else phone) arriving again within the window becomes an event on
-- the lead they already have, not a new lead. lead_identities remembers whose lead each identity is.
CREATE TABLE lead_identities (
    identity    VARCHAR(400) NOT NULL PRIMARY KEY,     -- 'email:<address>' or 'phone:<E.164>'
    lead_id     VARCHAR(36)  NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
ALTER TABLE inbox ADD COLUMN merged_into VARCHAR(36);  -- set when this submission was the same person again

-- A submission whose mapping needs a vendor API that is down stays pending and is retried with back-off.
ALTER TABLE submission_pending ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE submission_pending ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE submission_pending ADD COLUMN last_error VARCHAR(2000);
