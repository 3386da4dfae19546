package io.switchboard.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;

/**
 * Whose privileges a queued execution runs with, as Kibana runs a task with the API key its rule holds: a reference
 * kept with the queued row ({@code user:<name>} or {@code api_key:<id>}), resolved again when the execution runs,
 * so that a key invalidated, a user disabled or a privilege taken away in between stops it.
 */
@Singleton
public class RunAs {

    private static final String USER = "user:";
    private static final String API_KEY = "api_key:";

    private final SecurityStore store;
    private final Authenticator authenticator;
    private final CredentialCache cache;

    @Inject
    public RunAs(SecurityStore store, Authenticator authenticator, CredentialCache cache) {
        this.store = store;
        this.authenticator = authenticator;
        this.cache = cache;
    }

    /** The reference to keep for a caller; null when authentication is off (nothing to check later). */
    public static String of(Caller caller) {
        if (caller == null || caller == Bootstrap.ANONYMOUS_SUPERUSER) {
            return null;
        }
        return caller.isApiKey() ? API_KEY + caller.apiKeyId() : USER + caller.username();
    }

    /**
     * The API key a queued item names ({@code apiKey}: base64 of {@code id:key}, as Kibana hands it over), verified
     * now (blocking); empty when it does not authenticate.
     */
    public Optional<Caller> verifyApiKey(String encoded, String address) {
        Authenticator.Outcome outcome = authenticator.verify("ApiKey " + encoded, address);
        return outcome instanceof Authenticator.Authenticated authenticated
                ? Optional.of(authenticated.caller()) : Optional.empty();
    }

    /** Whether the execution may run now in the space; always for rows queued without a reference. */
    public boolean mayExecute(String reference, String spaceId) {
        if (reference == null) {
            return true;
        }
        return cache.principal(reference, this::resolve)
                .map(caller -> caller.access(spaceId).allows(Access.ALL)).orElse(false);
    }

    private Optional<Caller> resolve(String reference) {
        if (reference.startsWith(USER)) {
            return store.findUser(reference.substring(USER.length()))
                    .filter(SecurityStore.StoredUser::enabled).map(authenticator::userCaller);
        }
        if (reference.startsWith(API_KEY)) {
            return store.findApiKey(reference.substring(API_KEY.length()))
                    .filter(key -> key.usableAt(Instant.now())).flatMap(authenticator::apiKeyCaller);
        }
        return Optional.empty();
    }
}
