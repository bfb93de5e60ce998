package io.leadrouter.ledger;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Locale;

/**
 * Keeps the work-queue tables (inbox_pending, outbox, outbox_in_flight, notifications, crm_feedback, submission_pending)
 * on their keys in PostgreSQL. Such a table swings between empty and large; when autovacuum analyses it while it is
 * empty, the planner believes it empty until the next analysis (up to a minute later) and plans
 * {@code DELETE … WHERE id IN (…500 keys…)} as a sequential scan — measured at 74 ms a batch with 150,000 leads
 * waiting, which made the decision stage fall further behind the more leads waited. A transaction that claims and
 * clears queue rows calls {@link #keysOnly()} first: every statement in it looks rows up by key, so sequential scans
 * are switched off for that transaction alone ({@code SET LOCAL}), and so are bitmap scans: only a plain index scan
 * marks the index entries of deleted rows dead for the scans after it, and a queue table's index is mostly such entries
 * (a bitmap scan of the outbox's due index was seen visiting 20,000 entries for 79 live rows, 60 ms a lease). And
 * each statement is planned for this execution ({@code plan_cache_mode = force_custom_plan}): the driver prepares a
 * statement used five times on the server, and PostgreSQL then keeps a generic plan made from the statistics of that
 * moment — a lookup of 34 submission keys planned while the table was small stayed a sequential scan of 121,500 rows,
 * 95 ms every group commit, until the next analysis; a custom plan is made with the table's current size. Other
 * databases (H2) plan by key anyway. The inbox's group commit calls it too (it looks its keys up).
 */
final class QueueTables {
    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    QueueTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inside a transaction: on PostgreSQL, plans of the rest of this transaction are made now and use indexes, not sequential scans. */
    void keysOnly() {
        if (isPostgres()) {
            // SET LOCAL of all three in one round trip
            jdbc.queryForList("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),"
                    + " set_config('plan_cache_mode', 'force_custom_plan', true)");
        }
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
}
