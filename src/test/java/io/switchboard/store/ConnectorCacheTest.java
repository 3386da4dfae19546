package io.switchboard.store;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cache keeps what it read unless a change overlapped the read, and keeps nothing while changes go unheard. */
class ConnectorCacheTest {

    private static final StoredConnector CONNECTOR = new StoredConnector("s", "c", ".server-log", "log", null,
            Optional.empty(), true);

    private static Supplier<Optional<StoredConnector>> counting(AtomicInteger loads, Runnable during) {
        return () -> {
            loads.incrementAndGet();
            during.run();
            return Optional.of(CONNECTOR);
        };
    }

    @Test
    void aConnectorReadOnceIsServedFromMemory() {
        ConnectorCache cache = new ConnectorCache();
        cache.listening(true);
        AtomicInteger loads = new AtomicInteger();
        cache.get("s", "c", counting(loads, () -> { }));
        cache.get("s", "c", counting(loads, () -> { }));
        assertEquals(1, loads.get());
        cache.invalidate("s", "c");
        cache.get("s", "c", counting(loads, () -> { }));
        assertEquals(2, loads.get());
    }

    @Test
    void unknownIdsAreRememberedUntilACreateAnnouncesThem() {
        ConnectorCache cache = new ConnectorCache();
        cache.listening(true);
        AtomicInteger loads = new AtomicInteger();
        Supplier<Optional<StoredConnector>> missing = () -> {
            loads.incrementAndGet();
            return Optional.empty();
        };
        assertEquals(Optional.empty(), cache.get("s", "c", missing));
        assertEquals(Optional.empty(), cache.get("s", "c", missing));
        assertEquals(1, loads.get());
        cache.invalidate("s", "c");
        assertEquals(Optional.of(CONNECTOR), cache.get("s", "c", counting(loads, () -> { })));
    }

    @Test
    void aReadOverlappingAChangeIsNotKept() {
        ConnectorCache cache = new ConnectorCache();
        cache.listening(true);
        AtomicInteger loads = new AtomicInteger();
        cache.get("s", "c", counting(loads, () -> cache.invalidate("s", "c")));
        cache.get("s", "c", counting(loads, () -> { }));
        assertEquals(2, loads.get(), "the first read may have seen the row before the change");

        cache.invalidateAll();
        cache.get("s", "other", counting(loads, cache::invalidateAll));
        cache.get("s", "other", counting(loads, () -> { }));
        assertEquals(4, loads.get());
    }

    @Test
    void nothingIsKeptWhileChangesGoUnheard() {
        ConnectorCache cache = new ConnectorCache();
        AtomicInteger loads = new AtomicInteger();
        cache.get("s", "c", counting(loads, () -> { }));
        cache.get("s", "c", counting(loads, () -> { }));
        assertEquals(2, loads.get(), "not listening yet");

        cache.listening(true);
        cache.get("s", "c", counting(loads, () -> { }));
        assertEquals(1, cache.size());
        cache.listening(false);
        assertEquals(0, cache.size(), "what was cached is dropped when the listener is lost");
        cache.get("s", "c", counting(loads, () -> { }));
        assertEquals(0, cache.size());
    }
}
