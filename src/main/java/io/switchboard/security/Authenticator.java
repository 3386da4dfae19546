package io.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code Authorization} header as Elasticsearch does: {@code Basic base64(user:password)} for users,
 * {@code ApiKey base64(id:key)} for API keys. {@link #cached} answers from the {@link CredentialCache} without
 * blocking; {@link #verify} looks the credential up and checks its bcrypt hash, so it must run off the event loop.
 */
@Singleton
public class Authenticator {

    public static final String SUPERUSER_ROLE = "superuser";

    /** What became of the credentials a request presented. */
    public sealed interface Outcome {
    }

    public record Authenticated(Caller caller) implements Outcome {
    }

    /**
     * Refused: {@code principal} is the user name or key id presented (null when none could be read), for the audit
     * trail; {@code retryAfter} is set when the client must wait before trying again.
     */
    public record Refused(int status, String message, String principal, Duration retryAfter) implements Outcome {
    }

    private record Credential(String scheme, String principal, String secret) {
        String cacheKey() {
            return scheme + "\n" + principal;
        }

        boolean isApiKey() {
            return scheme.equals("apikey");
        }

        @Override
        public String toString() {
            return scheme + " credential of [" + principal + "]";
        }
    }

    private final SecurityStore store;
    private final CredentialCache cache;
    private final LoginThrottle throttle;

    @Inject
    public Authenticator(SecurityStore store, CredentialCache cache, LoginThrottle throttle) {
        this.store = store;
        this.cache = cache;
        this.throttle = throttle;
    }

    /**
     * Answers without blocking when it can: a missing or unreadable credential, a client that must wait, or a
     * credential verified before. Null means {@link #verify} must decide.
     */
    public Outcome cached(String authorization, String address) {
        Object read = read(authorization);
        if (read instanceof Refused refused) {
            return refused;
        }
        Credential credential = (Credential) read;
        Instant now = Instant.now();
        Caller known = cache.find(credential.cacheKey(), credential.secret(), now);
        if (known != null) {
            return new Authenticated(known);
        }
        Duration wait = throttle.waitFor(credential.principal(), address, now);
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
            return new Refused(429, "too many failed authentication attempts: try again in " + seconds + " seconds",
                    credential.principal(), Duration.ofSeconds(seconds));
        }
        return null;
    }

    /** Checks the credential against the store (blocking: a database read and a bcrypt check). */
    public Outcome verify(String authorization, String address) {
        Object read = read(authorization);
        if (read instanceof Refused refused) {
            return refused;
        }
        Credential credential = (Credential) read;
        Instant now = Instant.now();
        Optional<Verified> verified = credential.isApiKey() ? verifyApiKey(credential, now) : verifyUser(credential);
        if (verified.isEmpty()) {
            throttle.failed(credential.principal(), address, now);
            return new Refused(401, credential.isApiKey()
                    ? "unable to authenticate with provided credentials"
                    : "unable to authenticate user [" + credential.principal() + "]", credential.principal(), null);
        }
        throttle.succeeded(credential.principal(), address);
        cache.put(credential.cacheKey(), credential.secret(), verified.get().caller, verified.get().notAfter);
        return new Authenticated(verified.get().caller);
    }

    private record Verified(Caller caller, Instant notAfter) {
    }

    private Optional<Verified> verifyUser(Credential credential) {
        Optional<SecurityStore.StoredUser> user = store.findUser(credential.principal());
        if (user.isEmpty() || !user.get().enabled()
                || !Passwords.matches(credential.secret(), user.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(new Verified(userCaller(user.get()), null));
    }

    private Optional<Verified> verifyApiKey(Credential credential, Instant now) {
        Optional<SecurityStore.StoredApiKey> key = store.findApiKey(credential.principal());
        if (key.isEmpty() || !key.get().usableAt(now)
                || !Passwords.matches(credential.secret(), key.get().keyHash())) {
            return Optional.empty();
        }
        return apiKeyCaller(key.get()).map(caller -> new Verified(caller, key.get().expiresAt()));
    }

    /** The caller an API key stands for, if its owner still exists and is enabled. */
    Optional<Caller> apiKeyCaller(SecurityStore.StoredApiKey key) {
        Optional<SecurityStore.StoredUser> owner = store.findUser(key.owner());
        if (owner.isEmpty() || !owner.get().enabled()) {
            return Optional.empty();
        }
        Caller ownerCaller = userCaller(owner.get());
        JsonNode descriptors = key.roleDescriptors();
        if (RoleDescriptors.unrestricted(descriptors)) {
            return Optional.of(new Caller(ownerCaller.username(), ownerCaller.roles(), key.id(), key.name(),
                    ownerCaller.superuser(), ownerCaller.grants()));
        }
        Grants owners = ownerCaller.superuser() ? Grants.ALL : ownerCaller.grants();
        return Optional.of(new Caller(ownerCaller.username(), ownerCaller.roles(), key.id(), key.name(),
                ownerCaller.superuser() && RoleDescriptors.superuser(descriptors),
                RoleDescriptors.grants(descriptors).limitedBy(owners)));
    }

    Caller userCaller(SecurityStore.StoredUser user) {
        boolean superuser = user.roles().contains(SUPERUSER_ROLE);
        Grants grants = Grants.NONE;
        for (JsonNode role : store.roles(user.roles()).values()) {
            grants = grants.plus(RoleDefinition.grants(role));
        }
        return new Caller(user.username(), user.roles(), null, null, superuser, grants);
    }

    /** A {@link Credential}, or a {@link Refused} saying why there is none. */
    private static Object read(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Refused(401, "missing authentication credentials", null, null);
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        if (!lowerScheme.equals("basic") && !lowerScheme.equals("apikey")) {
            return new Refused(401, "unsupported authentication scheme: use Basic or ApiKey", null, null);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return new Refused(401, "unable to authenticate with provided credentials", null, null);
        }
        int colon = decoded.indexOf(':');
        // A name holding a NUL names nobody: PostgreSQL cannot hold one, nor be asked about one.
        if (colon <= 0 || decoded.lastIndexOf('\u0000', colon) >= 0) {
            return new Refused(401, "unable to authenticate with provided credentials", null, null);
        }
        return new Credential(lowerScheme, decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
