package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database is unreachable" (answer 503, log once) and which are ordinary failures. */
class StorageUnavailableExceptionTest {

    @Test
    void poolTimeoutsLostConnectionsAndShutdownsAreUnavailability() {
        assertThat(StorageUnavailableException.isCause(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 3000ms")))).isTrue();
        assertThat(StorageUnavailableException.isCause(new CannotGetJdbcConnectionException("x", new SQLException("refused", "08001")))).isTrue();
        assertThat(StorageUnavailableException.isCause(new RuntimeException(new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(StorageUnavailableException.isCause(new RuntimeException(new SQLException("I/O error", "08006",
                new SocketException("Broken pipe"))))).isTrue();
    }

    @Test
    void aLostConnectionHiddenBehindAFailedRollbackIsUnavailability() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertThat(StorageUnavailableException.isCause(rollback)).isTrue();
    }

    @Test
    void constraintViolationsAndNetworkErrorsOutsideJdbcAreNot() {
        assertThat(StorageUnavailableException.isCause(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(StorageUnavailableException.isCause(new IllegalStateException("Slack webhook failed",
                new SocketException("Connection reset")))).isFalse();
        assertThat(StorageUnavailableException.isCause(new RuntimeException(new ConnectException("CRM down")))).isFalse();
    }
}
