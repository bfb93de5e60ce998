package io.leadrouter.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
                    // The ledger does not rely on per-row counts of such batches (Inbox looks the keys up instead).
                    hikari.getDataSourceProperties().putIfAbsent("reWriteBatchedInserts", "true");
                }
                return bean;
            }
        };
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
