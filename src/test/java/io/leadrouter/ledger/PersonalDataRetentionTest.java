package io.leadrouter.ledger;

/** Retention on the embedded default, H2 (in memory here; the product's file database has the same schema). */
class PersonalDataRetentionTest extends AbstractPersonalDataRetentionTest {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:retention-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
    }

    @Override
    String vendor() {
        return "h2";
    }
}
