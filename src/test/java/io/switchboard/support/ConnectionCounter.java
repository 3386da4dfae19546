package io.switchboard.support;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the datasource's connections handed out, by the name of the thread that took them (virtual threads have
 * none and count as {@code ""}). No statement reaches PostgreSQL without a connection, so a count of zero on a path
 * means the path did no database work.
 */
@ApplicationScoped
public class ConnectionCounter implements AgroalPoolInterceptor {

    private final Map<String, AtomicInteger> byThread = new ConcurrentHashMap<>();

    @Override
    public void onConnectionAcquire(Connection connection) {
        byThread.computeIfAbsent(Thread.currentThread().getName(), name -> new AtomicInteger()).incrementAndGet();
    }

    public void reset() {
        byThread.clear();
    }

    /** Connections taken since the last reset, by thread name. */
    public Map<String, Integer> taken() {
        Map<String, Integer> copy = new TreeMap<>();
        byThread.forEach((thread, count) -> copy.put(thread, count.get()));
        return copy;
    }
}
