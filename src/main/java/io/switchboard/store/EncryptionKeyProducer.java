package io.switchboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.crypto.KeyRing;
import io.switchboard.crypto.SecretBox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds the key ring from {@code xpack.encryptedSavedObjects.*}. With no key configured the embedded database gets
 * a generated key kept beside its data; an external database shared by several instances must be given one.
 */
public class EncryptionKeyProducer {

    static final String KEY_SETTING = "xpack.encryptedSavedObjects.encryptionKey";
    static final String OLD_KEYS_SETTING = "xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys";
    static final String KEY_FILE = "encryption.key";

    private static final Logger LOG = Logger.getLogger(EncryptionKeyProducer.class);

    @Produces
    @Singleton
    SecretsVault vault(Config config, ObjectMapper json) {
        // Resolving the datasource URL first starts the embedded database if it is the one in use.
        config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
        String primary = config.getOptionalValue(KEY_SETTING, String.class).orElseGet(EncryptionKeyProducer::generatedKey);
        List<String> old = config.getOptionalValues(OLD_KEYS_SETTING, String.class).orElse(List.of());
        return new SecretsVault(new SecretBox(KeyRing.of(primary, old)), json);
    }

    private static String generatedKey() {
        if (!EmbeddedDatabase.isRunning()) {
            throw new IllegalStateException(KEY_SETTING + " is not set. It is required with an external database, "
                    + "so that every instance sharing it can read the secrets; set it to a random string of at least "
                    + KeyRing.MINIMUM_PASSPHRASE_LENGTH + " characters.");
        }
        Path file = EmbeddedDatabase.dataDirectory().resolve(KEY_FILE);
        String key = keyIn(file);
        LOG.warnf("%s is not set: secrets are encrypted with the generated key in %s. "
                + "Production deployments must set their own key.", KEY_SETTING, file);
        return key;
    }

    /** The key kept in {@code file}, generated on first use (see {@link PrivateFile}). */
    static String keyIn(Path file) {
        return PrivateFile.readOrCreate(file, 36);
    }
}
