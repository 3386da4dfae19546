package io.switchboard.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretBoxTest {

    private static final String OLD = "old-key-old-key-old-key-old-key-0001";
    private static final String NEW = "new-key-new-key-new-key-new-key-0002";
    private static final byte[] SECRET = "{\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OWNER = "space\0id\0.webhook".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealThenOpenGivesThePlaintextBack() {
        SecretBox box = new SecretBox(KeyRing.of(NEW, List.of()));
        SecretBox.Opened opened = box.open(box.seal(SECRET, OWNER), OWNER);
        assertArrayEquals(SECRET, opened.plaintext());
        assertTrue(opened.sealedWithPrimaryKey());
    }

    @Test
    void everySealUsesAFreshNonceAndHidesThePlaintext() {
        SecretBox box = new SecretBox(KeyRing.of(NEW, List.of()));
        byte[] first = box.seal(SECRET, OWNER);
        byte[] second = box.seal(SECRET, OWNER);
        assertNotEquals(new String(first, StandardCharsets.ISO_8859_1), new String(second, StandardCharsets.ISO_8859_1));
        assertFalse(new String(first, StandardCharsets.ISO_8859_1).contains("hunter2"));
        assertEquals(1 + 8 + 12 + SECRET.length + 16, first.length);
    }

    @Test
    void anotherOwnerCannotOpenIt() {
        SecretBox box = new SecretBox(KeyRing.of(NEW, List.of()));
        byte[] sealed = box.seal(SECRET, OWNER);
        byte[] otherOwner = "space\0other-id\0.webhook".getBytes(StandardCharsets.UTF_8);
        assertThrows(UnreadableSecretException.class, () -> box.open(sealed, otherOwner));
    }

    @Test
    void anyAlteredByteIsDetected() {
        SecretBox box = new SecretBox(KeyRing.of(NEW, List.of()));
        byte[] sealed = box.seal(SECRET, OWNER);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThrows(UnreadableSecretException.class, () -> box.open(tampered, OWNER), "byte " + i);
        }
        assertThrows(UnreadableSecretException.class, () -> box.open(new byte[3], OWNER));
    }

    @Test
    void decryptionOnlyKeysOpenOldSecretsButNewOnesUseThePrimary() {
        byte[] sealedWithOld = new SecretBox(KeyRing.of(OLD, List.of())).seal(SECRET, OWNER);
        SecretBox rotated = new SecretBox(KeyRing.of(NEW, List.of(OLD)));
        SecretBox.Opened opened = rotated.open(sealedWithOld, OWNER);
        assertArrayEquals(SECRET, opened.plaintext());
        assertFalse(opened.sealedWithPrimaryKey());

        byte[] resealed = rotated.seal(opened.plaintext(), OWNER);
        assertArrayEquals(SECRET, new SecretBox(KeyRing.of(NEW, List.of())).open(resealed, OWNER).plaintext());
        assertThrows(UnreadableSecretException.class,
                () -> new SecretBox(KeyRing.of(NEW, List.of())).open(sealedWithOld, OWNER));
    }

    @Test
    void keyRulesNameTheSettingButNeverTheKey() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.of("short-secret-key", List.of()));
        assertEquals("xpack.encryptedSavedObjects.encryptionKey must be at least 32 characters long",
                shortKey.getMessage());
        IllegalArgumentException shortOld = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.of(NEW, List.of("short-old-secret")));
        assertEquals("xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys[0] must be at least 32 characters long",
                shortOld.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.of(NEW, List.of(NEW)));
        assertFalse(same.getMessage().contains(NEW));
        assertFalse(new SecretBox(KeyRing.of(NEW, List.of())).open(
                new SecretBox(KeyRing.of(NEW, List.of())).seal(SECRET, OWNER), OWNER).toString().contains("hunter2"));
    }
}
