package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerJdbcTemplateTest {

    private LedgerJdbcTemplate jdbc;

    @BeforeEach
    void table() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:ledger-jdbc-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        jdbc = new LedgerJdbcTemplate(ds);
        jdbc.execute("CREATE TABLE t (s VARCHAR(20), ts TIMESTAMP(9) WITH TIME ZONE, i INT, l BIGINT, x DOUBLE PRECISION, b BOOLEAN, d DATE, n VARCHAR(5))");
    }

    @Test
    void everyKindOfArgumentArrivesAsItWasGivenInBatchesAndQueries() {
        Timestamp at = Timestamp.from(Instant.parse("2026-11-30T09:15:30.123456789Z"));
        Object[] row = {"ünïcode ✓", at, 42, 1L << 40, 2.5, true, Date.valueOf(LocalDate.of(2026, 2, 28)), null};
        int[] counts = jdbc.batchUpdate("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", List.of(row, new Object[] {"second", at, -1, 0L, -0.125, false, null, "x"}));
        assertThat(counts).containsExactly(1, 1);

        Map<String, Object> read = jdbc.queryForMap("SELECT * FROM t WHERE s = ? AND ts = ? AND i = ? AND l = ? AND x = ? AND b = ?", row[0], at, 42, 1L << 40, 2.5, true);
        assertThat(read.get("s")).isEqualTo("ünïcode ✓");
        assertThat(jdbc.queryForObject("SELECT ts FROM t WHERE s = ?", Timestamp.class, "ünïcode ✓").toInstant())
                .isEqualTo(at.toInstant());
        assertThat(read.get("i")).isEqualTo(42);
        assertThat(read.get("l")).isEqualTo(1L << 40);
        assertThat(read.get("x")).isEqualTo(2.5);
        assertThat(read.get("b")).isEqualTo(true);
        assertThat(read.get("d").toString()).isEqualTo("2026-02-28");
        assertThat(read.get("n")).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM t WHERE d IS NULL AND n = ?", Integer.class, "x")).isEqualTo(1);
    }

    @Test
    void anEmptyBatchSendsNothing() {
        assertThat(jdbc.batchUpdate("INSERT INTO no_such_table VALUES (?)", List.of())).isEmpty();
    }
}
