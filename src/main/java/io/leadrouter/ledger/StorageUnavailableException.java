package io.leadrouter.ledger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The database cannot be reached (no connection within the pool's timeout, connection lost, server shutting down):
 * nothing was stored, and retrying later is the answer. {@link #isCause} tells such failures from others.
 */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code failure} means the database is unreachable: a pool timeout, a lost or refused connection
     * (SQLState class 08, a socket error), or the server shutting down (57P01–57P03), anywhere in the cause chain
     * (and behind a failed rollback).
     */
    public static boolean isCause(Throwable failure) {
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof StorageUnavailableException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || (t instanceof java.net.SocketException && t != failure && fromDatabase(failure))
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            // a failed rollback hides the failure that caused it (a lost connection) outside the cause chain
            if (t instanceof org.springframework.transaction.TransactionSystemException tse && tse.getOriginalException() != null) {
                todo.add(tse.getOriginalException());
            }
        }
        return false;
    }

    /** Whether the failure came out of JDBC or Spring's data access (a socket error elsewhere is not the database). */
    private static boolean fromDatabase(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof org.springframework.dao.DataAccessException
                    || t instanceof org.springframework.transaction.TransactionException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of {@code failure}, for a one-line log. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
