-- H2 has no partial indexes: inbox_submission keeps its NULL entries (see db/migration/postgresql/V21).
SELECT 1;
