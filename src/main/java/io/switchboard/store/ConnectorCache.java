package io.switchboard.store;

import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Connectors as last read from the database, secrets opened, per (space, id); also remembers ids that do not exist.
 * Entries are dropped when this instance changes a connector ({@link ConnectorStore}) and when any instance sharing
 * the database does ({@link ConnectorChangeListener}). While that listener is not connected, nothing is cached: a
 * change made elsewhere could go unheard.
 *
 * <p>A load that overlaps an invalidation of its key must not put the value it read, which may be the old one: every
 * invalidation moves a generation counter, and a load puts its value only if the generation it started under is
 * still current, checked under the key's lock so that no invalidation slips in between.
 */
@Singleton
public class ConnectorCache {

    /** Beyond this many entries, loads are no longer kept (a flood of unknown ids must not grow memory). */
    static final int MAX_ENTRIES = 100_000;

    private record Key(String spaceId, String id) {
    }

    private final ConcurrentHashMap<Key, Optional<StoredConnector>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    /** The cached connector, or what {@code load} reads (kept for next time when it is safe to). */
    Optional<StoredConnector> get(String spaceId, String id, Supplier<Optional<StoredConnector>> load) {
        Key key = new Key(spaceId, id);
        Optional<StoredConnector> cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        long startedUnder = generation.get();
        Optional<StoredConnector> loaded = load.get();
        if (listening && entries.size() < MAX_ENTRIES) {
            entries.compute(key, (k, current) ->
                    listening && generation.get() == startedUnder ? loaded : current);
        }
        return loaded;
    }

    void invalidate(String spaceId, String id) {
        entries.compute(new Key(spaceId, id), (k, current) -> {
            generation.incrementAndGet();
            return null;
        });
    }

    void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Whether changes made by other instances are heard; caching is on only while they are. */
    void listening(boolean heard) {
        if (!heard) {
            listening = false;
            invalidateAll();
        } else {
            invalidateAll();
            listening = true;
        }
    }

    int size() {
        return entries.size();
    }
}
