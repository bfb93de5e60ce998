-- H2 keeps to primary keys: a secondary index used by FOR UPDATE SKIP LOCKED would lock every matching row
-- (see db/migration/postgresql/V2 for the PostgreSQL counterpart).
SELECT 1;
