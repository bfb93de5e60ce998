package io.leadrouter.pipeline;

/** The concurrency contract on the embedded default: H2 in a file with WRITE_DELAY=0, as the product runs it. */
class LedgerConcurrencyTest extends AbstractLedgerConcurrencyTest {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + temp.resolve("ledger").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    @Override
    String vendor() {
        return "h2";
    }
}
