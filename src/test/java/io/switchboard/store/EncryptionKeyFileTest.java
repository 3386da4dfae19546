package io.switchboard.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated key file of the embedded set-up: written whole, private, kept, and never left half-written. */
class EncryptionKeyFileTest {

    @Test
    void aKeyIsGeneratedOnceIntoAPrivateFileAndReadBackAfter(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("data").resolve(EncryptionKeyProducer.KEY_FILE);
        String key = EncryptionKeyProducer.keyIn(file);
        assertEquals(48, key.length());
        assertEquals(key, Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key, EncryptionKeyProducer.keyIn(file));
        assertEquals(List.of(file), Files.list(file.getParent()).toList(), "files left beside the key");
    }

    @Test
    void anEmptyFileLeftByACrashIsReplacedByAWholeKey(@TempDir Path directory) throws Exception {
        Path file = directory.resolve(EncryptionKeyProducer.KEY_FILE);
        Files.createFile(file);
        String key = EncryptionKeyProducer.keyIn(file);
        assertEquals(48, key.length());
        assertEquals(key, Files.readString(file));
        assertNotEquals("", key);
        assertTrue(Files.list(directory).allMatch(file::equals));
    }
}
