package io.switchboard.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a database that cannot be reached apart from a database that refused a statement: the first is a passing
 * condition (the answer is 503, a queued attempt is not counted), the second is a fault.
 */
public final class DatabaseFailures {

    /** The message every answer gives while the database cannot be reached. */
    public static final String UNAVAILABLE = "the database is unavailable: try again later";
    /** The message of a 400 for a value PostgreSQL refuses to store (SQLState class 22), such as a NUL in text. */
    public static final String UNSTORABLE_VALUE =
            "the request holds a value that cannot be stored, such as a NUL character";

    /**
     * PostgreSQL's own: the server shutting down (administrator, crash, still starting or stopping) and its
     * connection slots all taken. Class 08 (connection exceptions) is matched as a whole.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Causes deeper than this are not looked at (and a cycle of causes ends here). */
    private static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    /** Whether {@code failure}, or any of its causes, says that the database could not be reached or used. */
    public static boolean unavailable(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLState with which PostgreSQL refused a value of the request (class 22, data exception), found among
     * {@code failure} and its causes; {@code null} when it did not.
     */
    public static String refusedValueState(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The SQLState of the first {@link SQLException} among {@code failure} and its causes, for logs; "-" if none. */
    public static String sqlState(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "-";
    }

    private static boolean unavailable(SQLException sql) {
        if (sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = sql.getSQLState();
        if (state != null) {
            return state.startsWith("08") || UNAVAILABLE_STATES.contains(state);
        }
        return fromConnectionPool(sql);
    }

    /**
     * Agroal says it has no connection to give (acquisition timeout, pool closing, interrupted wait) with a bare
     * {@link SQLException} that has no SQLState: known by where it was thrown.
     */
    private static boolean fromConnectionPool(SQLException sql) {
        StackTraceElement[] trace = sql.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.agroal.");
    }
}
