package io.leadrouter.pipeline;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The concurrency contract on a real PostgreSQL server (embedded, synchronous commit as shipped). */
class LedgerConcurrencyPgTest extends AbstractLedgerConcurrencyTest {

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
