package io.switchboard.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret Switchboard generates for itself and keeps beside its data (the encryption key, the embedded database's
 * password). It is written whole or not at all: to a file of its own, readable by the owner only (mode 0600),
 * flushed to disk, then renamed into place, so a crash never leaves a partial secret behind. An empty file, which
 * never held a secret anything was protected with, is replaced.
 */
final class PrivateFile {

    private PrivateFile() {
    }

    /** The secret in {@code file}, or {@code bytes} random bytes (base64url) written there first. */
    static String readOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            write(file, secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create or read " + file, e);
        }
    }

    /** Replaces {@code file} with {@code text}, atomically, mode 0600. */
    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(written);
        }
    }
}
