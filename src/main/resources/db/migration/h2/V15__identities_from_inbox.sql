-- Same-person dedupe reads whose an identity is from the inbox itself (the newest decided, unmerged lead with that
-- email, else that phone): lead_identities duplicated those columns and cost an insert and an index entry per lead.
-- H2 has no partial indexes, and every secondary index widens its locks (V2): phone-only leads are looked up
-- without one here (the embedded database is for trying leadrouter out; production runs on PostgreSQL).
DROP TABLE lead_identities;
