package io.switchboard.store;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures say that the database cannot be reached, however deeply they are wrapped. */
class DatabaseFailuresTest {

    private static SQLException state(String sqlState) {
        return new SQLException("from the server", sqlState);
    }

    @Test
    void connectionLossServerShutdownAndFullSlotsAreUnavailable() {
        for (String sqlState : new String[] {"08001", "08006", "08003", "57P01", "57P02", "57P03", "53300"}) {
            assertTrue(DatabaseFailures.unavailable(state(sqlState)), sqlState);
        }
        assertTrue(DatabaseFailures.unavailable(new SQLTransientConnectionException("no connection")));
    }

    @Test
    void aWrappedCauseIsFound() {
        RuntimeException hibernate = new RuntimeException("could not execute statement",
                new IllegalStateException("wrapped", state("57P01")));
        assertTrue(DatabaseFailures.unavailable(hibernate));
        assertEquals("57P01", DatabaseFailures.sqlState(hibernate));
    }

    @Test
    void thePoolsOwnTimeoutIsUnavailable() {
        SQLException timeout = new SQLException("Sorry, acquisition timeout!");
        timeout.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.agroal.pool.ConnectionPool", "handlerFromSharedCache", null, 1)});
        assertTrue(DatabaseFailures.unavailable(new RuntimeException("Unable to acquire JDBC Connection", timeout)));
    }

    @Test
    void whatTheServerSaysAboutAStatementIsNot() {
        assertFalse(DatabaseFailures.unavailable(state("23505")));
        assertFalse(DatabaseFailures.unavailable(state("22P05")));
        assertFalse(DatabaseFailures.unavailable(new SQLException("no state")));
        assertFalse(DatabaseFailures.unavailable(new IllegalStateException("not a database failure")));
        assertEquals("-", DatabaseFailures.sqlState(new IllegalStateException()));
    }
}
