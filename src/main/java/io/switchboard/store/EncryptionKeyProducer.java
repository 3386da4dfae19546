package io.switchboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.crypto.KeyRing;
import io.switchboard.crypto.SecretBox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
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

    /**
     * The key kept in {@code file}, generated on first use. It is written whole or not at all: to a file of its own
     * (mode 0600), flushed to disk, then renamed into place, so a crash never leaves a partial key behind. An empty
     * file, left by versions that wrote the key in place, never held a key that encrypted anything (a start with it
     * fails), and is replaced.
     */
    static String keyIn(Path file) {
        try {
            if (Files.exists(file) && !Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            byte[] random = new byte[36];
            new SecureRandom().nextBytes(random);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Path written = Files.createTempFile(file.getParent(), KEY_FILE, ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(written);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create or read the encryption key file " + file, e);
        }
    }
}
