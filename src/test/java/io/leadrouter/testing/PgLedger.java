package io.leadrouter.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** An embedded PostgreSQL with the ledger's migrations applied (common + postgresql) and a pool over it; close it after. */
public final class PgLedger implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final HikariDataSource dataSource;

    private PgLedger(EmbeddedPostgres postgres, HikariDataSource dataSource) {
        this.postgres = postgres;
        this.dataSource = dataSource;
    }

    public static PgLedger start(int poolSize) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(poolSize);
        config.addDataSourceProperty("reWriteBatchedInserts", "true"); // as the application sets it (DatabaseConfiguration)
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql").load().migrate();
        return new PgLedger(postgres, dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        postgres.close();
    }
}
