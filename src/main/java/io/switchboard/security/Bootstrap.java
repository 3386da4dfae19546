package io.switchboard.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * The superuser {@value #SUPERUSER}, as Elasticsearch bootstraps it. With {@code switchboard.bootstrap-password}
 * (environment {@code SWITCHBOARD_BOOTSTRAP_PASSWORD}) the user is created, or its password reset, at every start.
 * Without it, the first start of a store holding no user creates it with a generated password, printed once to
 * the console and nowhere else.
 */
@Singleton
public class Bootstrap {

    public static final String SUPERUSER = "elastic";
    /** Who every request is when authentication is switched off. */
    static final Caller ANONYMOUS_SUPERUSER =
            new Caller("anonymous", List.of(Authenticator.SUPERUSER_ROLE), null, null, true, Grants.ALL);
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final SecurityStore store;
    private final CredentialCache cache;
    private final Optional<String> password;

    @Inject
    public Bootstrap(SecurityStore store, CredentialCache cache,
                     @ConfigProperty(name = "switchboard.bootstrap-password") Optional<String> password) {
        this.store = store;
        this.cache = cache;
        this.password = password.filter(value -> !value.isBlank());
    }

    void start(@Observes @Priority(10) StartupEvent started) {
        if (password.isPresent()) {
            String given = password.get();
            if (given.length() < 6 || given.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    > Passwords.MAX_BYTES) {
                throw new IllegalStateException("switchboard.bootstrap-password must be 6 to 72 bytes long");
            }
            Optional<SecurityStore.StoredUser> existing = store.findUser(SUPERUSER);
            if (existing.isPresent() && existing.get().enabled()
                    && existing.get().roles().contains(Authenticator.SUPERUSER_ROLE)
                    && Passwords.matches(given, existing.get().passwordHash())) {
                return;
            }
            store.saveUser(new SecurityStore.StoredUser(SUPERUSER, Passwords.hash(given),
                    List.of(Authenticator.SUPERUSER_ROLE), null, null, true, null));
            cache.invalidateAll();
            LOG.infof("superuser [%s] set from switchboard.bootstrap-password", SUPERUSER);
            return;
        }
        String generated = Passwords.random(18);
        boolean created = store.createFirstUser(new SecurityStore.StoredUser(SUPERUSER, Passwords.hash(generated),
                List.of(Authenticator.SUPERUSER_ROLE), null, null, true, null));
        if (created) {
            // Straight to the console, not through logging: log handlers may write files.
            System.out.println("""

                    ------------------------------------------------------------------
                     Superuser created. It is shown this once and stored only hashed:
                       user:     %s
                       password: %s
                     Change it with POST /_security/user/%s/_password.
                    ------------------------------------------------------------------
                    """.formatted(SUPERUSER, generated, SUPERUSER));
            System.out.flush();
        }
    }

}
