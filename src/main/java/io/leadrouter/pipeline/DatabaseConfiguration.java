package io.leadrouter.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import io.leadrouter.ledger.LedgerJdbcTemplate;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.autoconfigure.jdbc.JdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Time limits on every PostgreSQL connection (statement, lock, connect, socket: {@link DatabaseProperties}), set as
 * the driver's connection properties before the pool opens its first connection; the Flyway migration at start runs
 * without a statement limit (an index over a large table takes longer) and waits longer for its locks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseConfiguration {

    /** Static and reading the settings itself: a post-processor is created before the other beans. */
    @Bean
    static BeanPostProcessor postgresTimeouts(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && isPostgres(hikari.getJdbcUrl())) {
                    DatabaseProperties limits = settings(environment);
                    if (hikari.getDataSourceProperties().getProperty("options") == null) {
                        hikari.addDataSourceProperty("options", "-c statement_timeout=" + limits.statementTimeout().toMillis()
                                + " -c lock_timeout=" + limits.lockTimeout().toMillis());
                    }
                    hikari.getDataSourceProperties().putIfAbsent("connectTimeout", String.valueOf(limits.connectTimeout().toSeconds()));
                    hikari.getDataSourceProperties().putIfAbsent("socketTimeout", String.valueOf(limits.socketTimeout().toSeconds()));
                    // A JDBC batch of inserts becomes multi-row INSERTs (up to 128 rows each): the group commit, the
                    // decision batch and the outbox cost PostgreSQL one statement per chunk instead of one per row.
                    // The driver reports no per-row counts for them, so the inbox, which needs to know which rows
                    // were stored, sends its own multi-row INSERT … RETURNING (QueueTables.insertSkippingConflicts).
                    hikari.getDataSourceProperties().putIfAbsent("reWriteBatchedInserts", "true");
                    // Those statements run to 100-200 KB (a decision batch's lead_state rows are 1.6 KB each): with the
                    // driver's default 8 KB send buffer each went out in 8 KB socket writes (2.3 µs of the service's
                    // CPU a lead at 64 connections); 64 KB per connection cuts the writes eightfold.
                    hikari.getDataSourceProperties().putIfAbsent("maxSendBufferSize", "65536");
                }
                return bean;
            }
        };
    }

    /**
     * The application's JdbcTemplate binds the ledger's plain arguments directly ({@link LedgerJdbcTemplate}); Boot's
     * own backs off, and its {@code spring.jdbc.template.*} settings are applied here as Boot would.
     */
    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, JdbcProperties properties) {
        LedgerJdbcTemplate jdbc = new LedgerJdbcTemplate(dataSource);
        JdbcProperties.Template template = properties.getTemplate();
        jdbc.setIgnoreWarnings(template.isIgnoreWarnings());
        jdbc.setFetchSize(template.getFetchSize());
        jdbc.setMaxRows(template.getMaxRows());
        if (template.getQueryTimeout() != null) {
            jdbc.setQueryTimeout((int) template.getQueryTimeout().getSeconds());
        }
        jdbc.setSkipResultsProcessing(template.isSkipResultsProcessing());
        jdbc.setSkipUndeclaredResults(template.isSkipUndeclaredResults());
        jdbc.setResultsMapCaseInsensitive(template.isResultsMapCaseInsensitive());
        return jdbc;
    }

    @Bean
    FlywayConfigurationCustomizer migrationTimeouts(Environment environment) {
        return configuration -> {
            String url = environment.getProperty("spring.datasource.url");
            if (isPostgres(url)) {
                configuration.initSql("SET statement_timeout = 0; SET lock_timeout = "
                        + settings(environment).migrationLockTimeout().toMillis());
            }
        };
    }

    /**
     * Migrates, then renews the pool's connections: the one Flyway used keeps its session settings (no statement
     * limit), and must not serve requests afterwards.
     */
    @Bean
    FlywayMigrationStrategy migrateThenRenewConnections(DataSource dataSource) {
        return flyway -> {
            flyway.migrate();
            if (dataSource instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
                hikari.getHikariPoolMXBean().softEvictConnections();
            }
        };
    }

    static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
    }

    static DatabaseProperties settings(Environment environment) {
        return Binder.get(environment).bind("leadrouter.database", DatabaseProperties.class)
                .orElseGet(() -> new DatabaseProperties(null, null, null, null, null));
    }
}
