package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.testing.PgLedger;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trap {@link QueueTables} avoids, on a real PostgreSQL: a queue table analysed while empty and then filled is
 * believed empty, so clearing a batch by key is planned as a sequential scan of the whole table; inside a transaction
 * that called {@code keysOnly()} the same statement goes by the primary key, and the next transaction is unaffected.
 */
class QueueTablesPgTest {
    private static PgLedger database;
    private static DataSource dataSource;
    private static final String CLEAR_BATCH = "EXPLAIN DELETE FROM inbox_pending WHERE lead_id IN ("
            + IntStream.range(20_000, 20_500).mapToObj(i -> "'" + key(i) + "'").collect(Collectors.joining(", ")) + ")";

    @BeforeAll
    static void queueAnalysedWhileEmptyThenFilled() throws Exception {
        database = PgLedger.start(2);
        dataSource = database.dataSource();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO inbox_pending (lead_id) SELECT lpad(g::text, 36, '0') FROM generate_series(1, 10000) g");
        jdbc.update("DELETE FROM inbox_pending");
        jdbc.execute("ANALYZE inbox_pending");
        jdbc.update("INSERT INTO inbox_pending (lead_id) SELECT lpad(g::text, 36, '0') FROM generate_series(10000, 60000) g");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    private static String key(int i) {
        return "0".repeat(36 - Integer.toString(i).length()) + i;
    }

    @Test
    void aBatchIsClearedByAPlainIndexScanInsideAQueueTransactionOnly() {
        JdbcTemplate jdbc = new LedgerJdbcTemplate(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        QueueTables queue = new QueueTables(jdbc);

        String plain = tx.execute(status -> plan(jdbc));
        String keysOnly = tx.execute(status -> {
            queue.keysOnly();
            return plan(jdbc);
        });
        String after = tx.execute(status -> plan(jdbc));

        assertThat(plain).as("the stale statistics' plan").contains("Seq Scan on inbox_pending");
        assertThat(keysOnly).contains("Index Scan using inbox_pending_pkey").doesNotContain("Seq Scan").doesNotContain("Bitmap");
        assertThat(after).as("SET LOCAL ends with its transaction").contains("Seq Scan on inbox_pending");
    }

    private static String plan(JdbcTemplate jdbc) {
        List<String> lines = jdbc.queryForList(CLEAR_BATCH, String.class);
        return String.join("\n", lines);
    }

    @Test
    void aKeyLookupThroughPlanningEachTimeIsNeverPreparedOnTheServerSoItsPlanNeverGoesStale() throws Exception {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            // one session: server-side prepared statements and their cached plans live in it
            var session = new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true);
            JdbcTemplate plain = new JdbcTemplate(session);
            JdbcTemplate planning = QueueTables.planningEachTime(plain);
            String lookup = "SELECT submission_id FROM submissions WHERE idem_key IN (?, ?, ?)";
            for (int i = 0; i < 10; i++) {
                planning.queryForList(lookup, String.class, "a" + i, "b", "c");
            }
            assertThat(preparedOnServer(plain, lookup)).as("planned for each execution").isZero();
            for (int i = 0; i < 10; i++) {
                plain.queryForList(lookup, String.class, "a" + i, "b", "c");
            }
            assertThat(preparedOnServer(plain, lookup)).as("the driver's default: prepared after five uses, its generic plan kept")
                    .isEqualTo(1);
        }
    }

    private static int preparedOnServer(JdbcTemplate jdbc, String sql) {
        String asSent = sql.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2").replaceFirst("\\?", "\\$3");
        return jdbc.queryForObject("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = ?", Integer.class, asSent);
    }

    @Test
    void aReplicaVacuumsAQueueTableOnceItRemovedManyRows() {
        // submission_pending: vacuuming inbox_pending would give the other test's table fresh statistics
        JdbcTemplate jdbc = new LedgerJdbcTemplate(dataSource);
        QueueTables queue = new QueueTables(jdbc);
        long before = vacuums(jdbc);

        assertThat(queue.removedAndCommitted("submission_pending", QueueTables.VACUUM_AFTER_ROWS - 1)).isFalse();
        assertThat(queue.removedAndCommitted("submission_pending", 1)).isTrue();
        assertThat(queue.removedAndCommitted("submission_pending", 1)).as("counting starts again").isFalse();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> vacuums(jdbc) == before + 1);
    }

    private static long vacuums(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'submission_pending'", Long.class);
    }

    @Test
    void insertSkippingConflictsSaysExactlyWhichRowsItStoredInMultiRowStatements() {
        JdbcTemplate jdbc = new LedgerJdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE skip_test (id VARCHAR(36) PRIMARY KEY, k VARCHAR(20) NOT NULL UNIQUE, n INT)");
        jdbc.update("INSERT INTO skip_test (id, k, n) SELECT 'old-' || g, 'k' || g, g FROM generate_series(0, 299, 15) g");
        // 203 rows: 128 + 64 + 8 + 2 + 1 per statement; every 15th key is taken already, and one key twice in the rows
        List<Object[]> rows = new java.util.ArrayList<>(IntStream.range(0, 202).mapToObj(i -> new Object[] {"new-" + i, "k" + i, i}).toList());
        rows.add(new Object[] {"new-again-5", "k5", 5});

        Boolean[] stored = new QueueTables(jdbc).insertSkippingConflicts("skip_test", List.of("id", "k", "n"), 0, rows);

        for (int i = 0; i < 202; i++) {
            assertThat(stored[i]).as("row %d", i).isEqualTo(i % 15 != 0);
        }
        assertThat(stored[202]).as("the same key again in the same rows").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM skip_test WHERE id LIKE 'new-%'", Integer.class))
                .isEqualTo(202 - 14);
        assertThat(jdbc.queryForObject("SELECT id FROM skip_test WHERE k = 'k5'", String.class)).isEqualTo("new-5");
    }
}
