package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.store.ConnectorChangeListener;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Credentials verified recently, as Elasticsearch caches API keys: keyed by user name or key id, holding a salted
 * SHA-256 of the secret that was verified (never the secret), so that a request presenting the same secret again
 * skips bcrypt. Bounded and expiring ({@code switchboard.security.cache.max-size}, {@code .ttl}); emptied on every
 * instance whenever a user, role or key changes, as {@link SecurityStore} notifies each change.
 */
@Singleton
public class CredentialCache {

    private record Entry(byte[] digest, Caller caller, Instant notAfter) {
    }

    private final Cache<String, Entry> entries;
    /** Callers looked up by reference, for queued executions ({@link RunAs}). */
    private final Cache<String, Optional<Caller>> principals;
    private final byte[] salt = new byte[16];
    private final ConnectorChangeListener listener;

    @Inject
    public CredentialCache(ConnectorChangeListener listener,
                           @ConfigProperty(name = "switchboard.security.cache.max-size", defaultValue = "10000")
                           int maxSize,
                           @ConfigProperty(name = "switchboard.security.cache.ttl", defaultValue = "20m")
                           Duration ttl) {
        this.listener = listener;
        this.entries = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
        this.principals = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
        new SecureRandom().nextBytes(salt);
    }

    void start(@Observes StartupEvent started) {
        // Called with an empty payload for every change, and each time the listener connects again.
        listener.listen(SecurityStore.CHANNEL, changed -> invalidateAll());
    }

    /** The caller cached for this credential when the same secret was verified for it; null otherwise. */
    Caller find(String credential, String secret, Instant now) {
        Entry entry = entries.getIfPresent(credential);
        if (entry == null || (entry.notAfter != null && !entry.notAfter.isAfter(now))) {
            return null;
        }
        return MessageDigest.isEqual(entry.digest, digest(secret)) ? entry.caller : null;
    }

    void put(String credential, String secret, Caller caller, Instant notAfter) {
        entries.put(credential, new Entry(digest(secret), caller, notAfter));
    }

    Optional<Caller> principal(String reference, Function<String, Optional<Caller>> lookup) {
        return principals.get(reference, lookup);
    }

    public void invalidateAll() {
        entries.invalidateAll();
        principals.invalidateAll();
    }

    private byte[] digest(String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
