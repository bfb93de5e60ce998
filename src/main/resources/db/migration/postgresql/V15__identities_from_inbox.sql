-- Same-person dedupe reads whose an identity is from the inbox itself (the newest decided, unmerged lead with that
-- email, else that phone): lead_identities duplicated those columns and cost an insert and an index entry per lead.
DROP TABLE lead_identities;
-- Phone-only leads (no email) are found by phone; leads with an email add nothing to this partial index.
CREATE INDEX inbox_phone_only ON inbox (phone) WHERE email IS NULL;
