-- Leads whose submission is kept inline (submission_id NULL, see common/V20) need no entry in the index that finds a
-- submission's leads.
DROP INDEX inbox_submission;
CREATE INDEX inbox_submission ON inbox (submission_id) WHERE submission_id IS NOT NULL;
