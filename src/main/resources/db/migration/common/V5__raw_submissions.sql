-- Raw first: every submission is kept exactly as it arrived (bytes, content type, kept headers) and committed
-- before it is acknowledged. A submission becomes leads (inbox rows) and kept rejections, now or later.

CREATE TABLE submissions (
    submission_id VARCHAR(36)  NOT NULL PRIMARY KEY,   -- time-ordered UUID (v7)
    source_id     VARCHAR(100) NOT NULL,
    idem_key      VARCHAR(400) NOT NULL,               -- source id + natural id (vendor event id, Message-ID, Idempotency-Key) or body hash
    content_type  VARCHAR(200) NOT NULL,
    headers       TEXT         NOT NULL,               -- JSON object of the headers a mapping may need; never credentials
    body          BYTEA        NOT NULL,               -- the exact bytes received
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT submissions_idem_key UNIQUE (idem_key)
);

-- Acknowledged submissions not yet mapped (webhooks and mail map after the acknowledgement).
CREATE TABLE submission_pending (
    submission_id VARCHAR(36) NOT NULL PRIMARY KEY
);

-- Submissions (or single events of a batch) that did not map to a lead: kept, listed, replayable.
CREATE TABLE rejections (
    rejection_id  VARCHAR(36)  NOT NULL PRIMARY KEY,
    submission_id VARCHAR(36)  NOT NULL,
    source_id     VARCHAR(100) NOT NULL,
    event_index   INT          NOT NULL,               -- which event of the submission (0 for single-event payloads)
    reasons       TEXT         NOT NULL,               -- JSON list of {field, message}
    rejected_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_at   TIMESTAMP WITH TIME ZONE,
    lead_id       VARCHAR(36),                         -- the lead a successful replay created
    CONSTRAINT rejections_event UNIQUE (submission_id, event_index)
);
CREATE INDEX rejections_source ON rejections (source_id, rejection_id);

-- A lead now points at the submission it came from; test leads (vendor test submissions) are kept, never routed.
ALTER TABLE inbox ADD COLUMN submission_id VARCHAR(36);
ALTER TABLE inbox ADD COLUMN event_index INT DEFAULT 0 NOT NULL;
ALTER TABLE inbox ADD COLUMN test BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE inbox ADD COLUMN email VARCHAR(320);
ALTER TABLE inbox ADD COLUMN phone VARCHAR(32);
CREATE INDEX inbox_submission ON inbox (submission_id);
CREATE INDEX inbox_email ON inbox (email);
