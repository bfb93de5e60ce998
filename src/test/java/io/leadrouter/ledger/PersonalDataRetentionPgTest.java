package io.leadrouter.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Retention on a real PostgreSQL server (embedded): SKIP LOCKED batches shared by two replicas. */
class PersonalDataRetentionPgTest extends AbstractPersonalDataRetentionTest {

    @Override
    String jdbcUrl() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        closeAfterTest(postgres);
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    String vendor() {
        return "postgresql";
    }
}
