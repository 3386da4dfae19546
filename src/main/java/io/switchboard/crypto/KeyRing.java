package io.switchboard.crypto;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The primary encryption key and the older keys still accepted for decryption. Keys are given as passphrases of at
 * least 32 characters (Kibana's {@code xpack.encryptedSavedObjects.encryptionKey} rule) and stretched into AES-256
 * keys with PBKDF2, once, when the ring is built.
 */
public final class KeyRing {

    public static final int MINIMUM_PASSPHRASE_LENGTH = 32;

    private static final byte[] SALT = "switchboard/secret-box/v1".getBytes(StandardCharsets.UTF_8);
    private static final int ITERATIONS = 100_000;

    private final Key primary;
    private final List<Key> decryptionOnly;

    private KeyRing(Key primary, List<Key> decryptionOnly) {
        this.primary = primary;
        this.decryptionOnly = List.copyOf(decryptionOnly);
    }

    /**
     * Builds a ring. Throws {@link IllegalArgumentException} naming the setting when a passphrase is too short or an
     * old key repeats the primary one; the passphrases themselves are never part of a message.
     */
    public static KeyRing of(String primaryPassphrase, List<String> decryptionOnlyPassphrases) {
        requireLength(primaryPassphrase, "xpack.encryptedSavedObjects.encryptionKey");
        Key primary = derive(primaryPassphrase);
        List<Key> old = new ArrayList<>();
        for (int i = 0; i < decryptionOnlyPassphrases.size(); i++) {
            String passphrase = decryptionOnlyPassphrases.get(i);
            String setting = "xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys[" + i + "]";
            requireLength(passphrase, setting);
            if (passphrase.equals(primaryPassphrase)) {
                throw new IllegalArgumentException(setting + " must not be the same as the primary encryption key");
            }
            old.add(derive(passphrase));
        }
        return new KeyRing(primary, old);
    }

    public boolean hasDecryptionOnlyKeys() {
        return !decryptionOnly.isEmpty();
    }

    Key primary() {
        return primary;
    }

    /** The primary key first, then the decryption-only keys in their configured order. */
    List<Key> all() {
        List<Key> keys = new ArrayList<>(decryptionOnly.size() + 1);
        keys.add(primary);
        keys.addAll(decryptionOnly);
        return keys;
    }

    private static void requireLength(String passphrase, String setting) {
        if (passphrase == null || passphrase.length() < MINIMUM_PASSPHRASE_LENGTH) {
            throw new IllegalArgumentException(
                    setting + " must be at least " + MINIMUM_PASSPHRASE_LENGTH + " characters long");
        }
    }

    private static Key derive(String passphrase) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), SALT, ITERATIONS, 256);
            byte[] material = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return new Key(new SecretKeySpec(material, "AES"), Arrays.copyOf(digest, Key.ID_LENGTH));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    /** A derived AES key and a short public fingerprint stored beside each ciphertext to pick the key quickly. */
    record Key(SecretKey secretKey, byte[] id) {
        static final int ID_LENGTH = 8;

        boolean matches(byte[] sealed, int offset) {
            return Arrays.equals(id, 0, ID_LENGTH, sealed, offset, offset + ID_LENGTH);
        }

        @Override
        public String toString() {
            return "Key[<secret>]";
        }
    }
}
