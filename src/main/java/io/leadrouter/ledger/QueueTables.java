package io.leadrouter.ledger;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the work-queue tables (inbox_pending, outbox, outbox_in_flight, notifications, crm_feedback, submission_pending)
 * on their keys in PostgreSQL. Such a table swings between empty and large; when autovacuum analyses it while it is
 * empty, the planner believes it empty until the next analysis (up to a minute later) and plans
 * {@code DELETE … WHERE id IN (…500 keys…)} as a sequential scan — measured at 74 ms a batch with 150,000 leads
 * waiting, which made the decision stage fall further behind the more leads waited. A transaction that claims and
 * clears queue rows calls {@link #keysOnly()} first: every statement in it looks rows up by key, so sequential scans
 * are switched off for that transaction alone ({@code SET LOCAL}), and so are bitmap scans: only a plain index scan
 * marks the index entries of deleted rows dead for the scans after it, and a queue table's index is mostly such entries
 * (a bitmap scan of the outbox's due index was seen visiting 20,000 entries for 79 live rows, 60 ms a lease). Other
 * databases (H2) plan by key anyway.
 *
 * <p>Lookups of many keys in a growing table go through {@link #planningEachTime}: the driver prepares a statement used
 * five times on the server, and PostgreSQL then keeps a generic plan made from the statistics of that moment — a lookup
 * of 34 submission keys prepared while the table was small stayed a sequential scan of 121,500 rows, 95 ms every group
 * commit, until the next analysis. Planning every statement of a transaction instead (plan_cache_mode) cost 18 µs of
 * PostgreSQL CPU per lead, mostly re-planning the single-row updates and multi-row inserts that never needed it.
 */
final class QueueTables {
    /** Rows a replica removes from a queue table before it vacuums the table itself. */
    static final int VACUUM_AFTER_ROWS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(QueueTables.class);

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;
    private final Map<String, AtomicInteger> removed = new ConcurrentHashMap<>();

    QueueTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inside a transaction: on PostgreSQL, plans of the rest of this transaction use indexes, not sequential scans. */
    void keysOnly() {
        if (isPostgres()) {
            // SET LOCAL of both in one round trip
            jdbc.queryForList("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)");
        }
    }

    /**
     * A template over the same data source (so inside the caller's transaction) whose statements PostgreSQL plans for
     * each execution, with the table's current size and the actual keys: the driver never prepares them on the server.
     */
    static JdbcTemplate planningEachTime(JdbcTemplate jdbc) {
        JdbcTemplate planning = new JdbcTemplate(jdbc.getDataSource()) {
            @Override
            protected void applyStatementSettings(java.sql.Statement statement) throws java.sql.SQLException {
                super.applyStatementSettings(statement);
                if (statement.isWrapperFor(org.postgresql.PGStatement.class)) {
                    statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
                }
            }
        };
        planning.afterPropertiesSet();
        return planning;
    }

    /** Whether the ledger runs on PostgreSQL (asked once). */
    boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            known = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")));
            postgres = known;
        }
        return known;
    }

    /**
     * Called after a transaction that removed {@code rows} rows from {@code table} committed; when no transaction is
     * active (VACUUM cannot run inside one) every {@link #VACUUM_AFTER_ROWS} rows it vacuums the table (PostgreSQL; SKIP_LOCKED, so replicas never wait for
     * each other). A claim reads the queue's index from its low end, where the entries of removed rows pile up: autovacuum
     * looks at a database once a minute (autovacuum_naptime), and in that minute 390,000 removed leads made every claim
     * of the decision stage walk ~3 ms of dead entries before its first live one (0.2 ms with this; measured at 64
     * connections, bench/README.md). Returns whether it vacuumed.
     */
    boolean removedAndCommitted(String table, int rows) {
        if (rows <= 0 || TransactionSynchronizationManager.isActualTransactionActive() || !isPostgres()) {
            return false;
        }
        AtomicInteger count = removed.computeIfAbsent(table, t -> new AtomicInteger());
        if (count.addAndGet(rows) < VACUUM_AFTER_ROWS) {
            return false;
        }
        count.set(0);
        try {
            jdbc.execute("VACUUM (SKIP_LOCKED) " + table);
            return true;
        } catch (DataAccessException e) {
            // not the table's owner: autovacuum still does it, later
            LOG.debug("VACUUM {} not done: {}", table, e.getMessage());
            return false;
        }
    }

    /** Rows per multi-row INSERT of {@link #insertSkippingConflicts} (as pgjdbc's reWriteBatchedInserts). */
    private static final int MAX_ROWS_PER_INSERT = 128;
    private final Map<String, String> multiRowSql = new ConcurrentHashMap<>();

    /**
     * Inserts {@code rows} into {@code table}'s {@code columns} (ON CONFLICT DO NOTHING) and says per row whether it was
     * inserted: TRUE, FALSE, or null where the database did not say. On PostgreSQL the rows go out as multi-row
     * statements of power-of-two sizes (up to 128) with {@code RETURNING idColumn}, so the answer is exact without a
     * lookup after (a JDBC batch rewritten by the driver reports no per-row counts, and then every group commit looked
     * all its keys up again); elsewhere (H2) as a JDBC batch and its counts. {@code idIndex}: the position of
     * {@code idColumn} among the columns; its values must be distinct strings.
     */
    Boolean[] insertSkippingConflicts(String table, List<String> columns, int idIndex, List<Object[]> rows) {
        Boolean[] inserted = new Boolean[rows.size()];
        if (rows.isEmpty()) {
            return inserted;
        }
        String names = String.join(", ", columns);
        String one = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        if (!isPostgres()) {
            int[] counts = jdbc.batchUpdate("INSERT INTO " + table + " (" + names + ") VALUES " + one + " ON CONFLICT DO NOTHING", rows);
            for (int i = 0; i < counts.length; i++) {
                inserted[i] = counts[i] == 1 ? Boolean.TRUE : counts[i] == 0 ? Boolean.FALSE : null;
            }
            return inserted;
        }
        Set<String> returned = new HashSet<>();
        for (int from = 0; from < rows.size(); ) {
            int n = Math.min(MAX_ROWS_PER_INSERT, Integer.highestOneBit(rows.size() - from));
            String sql = multiRowSql.computeIfAbsent(table + "|" + names + "|" + n, k -> "INSERT INTO " + table + " (" + names
                    + ") VALUES " + String.join(", ", Collections.nCopies(n, one)) + " ON CONFLICT DO NOTHING RETURNING "
                    + columns.get(idIndex));
            Object[] args = new Object[n * columns.size()];
            for (int r = 0; r < n; r++) {
                System.arraycopy(rows.get(from + r), 0, args, r * columns.size(), columns.size());
            }
            jdbc.query(sql, ps -> LedgerJdbcTemplate.bind(ps, args), rs -> {
                returned.add(rs.getString(1));
            });
            from += n;
        }
        for (int i = 0; i < inserted.length; i++) {
            inserted[i] = returned.contains((String) rows.get(i)[idIndex]);
        }
        return inserted;
    }
}
