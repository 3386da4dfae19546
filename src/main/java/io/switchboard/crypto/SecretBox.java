package io.switchboard.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Authenticated encryption of secrets with AES-256-GCM. Every seal draws a fresh 96-bit nonce; the caller's
 * additional authenticated data binds a ciphertext to its owner, so a ciphertext moved elsewhere fails to open.
 *
 * <p>Layout: {@code version(1) | key id(8) | nonce(12) | ciphertext + tag(16)}. Thread-safe.
 */
public final class SecretBox {

    private static final byte VERSION = 1;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_LENGTH = 1 + KeyRing.Key.ID_LENGTH + NONCE_LENGTH;

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(KeyRing keys) {
        this.keys = keys;
    }

    public KeyRing keys() {
        return keys;
    }

    /** Encrypts with the primary key. */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        KeyRing.Key key = keys.primary();
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] encrypted = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_LENGTH + encrypted.length)
                    .put(VERSION).put(key.id()).put(nonce).put(encrypted).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts with whichever key of the ring sealed the value.
     *
     * @throws UnreadableSecretException when no key opens it, or the data or its binding was altered
     */
    public Opened open(byte[] sealed, byte[] associatedData) {
        if (sealed == null || sealed.length < HEADER_LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new UnreadableSecretException("not a sealed secret of a known format");
        }
        KeyRing.Key primary = keys.primary();
        for (KeyRing.Key key : keys.all()) {
            if (!key.matches(sealed, 1)) {
                continue;
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key.secretKey(),
                        new GCMParameterSpec(TAG_BITS, sealed, 1 + KeyRing.Key.ID_LENGTH, NONCE_LENGTH));
                cipher.updateAAD(associatedData);
                byte[] plaintext = cipher.doFinal(sealed, HEADER_LENGTH, sealed.length - HEADER_LENGTH);
                return new Opened(plaintext, key == primary);
            } catch (AEADBadTagException tampered) {
                throw new UnreadableSecretException("authentication failed: the secret or its binding was altered");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM decryption failed", e);
            }
        }
        throw new UnreadableSecretException("no configured key can decrypt this secret");
    }

    /** A decrypted value and whether it was sealed with the current primary key. */
    public record Opened(byte[] plaintext, boolean sealedWithPrimaryKey) {
        @Override
        public String toString() {
            return "Opened[<secret>, sealedWithPrimaryKey=" + sealedWithPrimaryKey + "]";
        }
    }
}
