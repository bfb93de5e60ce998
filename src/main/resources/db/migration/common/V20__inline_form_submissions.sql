-- A web-form post that became exactly one lead keeps its raw submission (exact bytes, kept headers; the content type is
-- already on the row) on the lead's own inbox row instead of a separate submissions row: one insert and two index
-- entries less per form lead. Its submission id is the lead id; submission_id stays NULL. Every other submission
-- (webhooks, mail, batches, rejected posts) is still a submissions row. raw_headers IS NOT NULL marks such a lead.
ALTER TABLE inbox ADD COLUMN raw_headers TEXT;
ALTER TABLE inbox ADD COLUMN raw_body BYTEA;
