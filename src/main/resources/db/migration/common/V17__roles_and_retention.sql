-- Roles: rep_tokens also holds integration tokens (systems that submit and read leads). For those, rep_id is the
-- integration's name; a token's role decides what it may call, so an integration named like a rep never acts as one.
ALTER TABLE rep_tokens ADD COLUMN role VARCHAR(16) DEFAULT 'rep' NOT NULL;

-- Retention (leadrouter.retention.personal-data): when a lead's personal data was erased. Counters, decisions, history
-- and ids stay; the raw bytes, headers and personal fields are gone.
ALTER TABLE inbox ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE submissions ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE rejections ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE;
