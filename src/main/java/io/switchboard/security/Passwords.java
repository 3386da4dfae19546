package io.switchboard.security;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** bcrypt hashes of passwords and API keys, and strong random secrets. */
final class Passwords {

    /** bcrypt's cost; Elasticsearch's default {@code bcrypt} hasher uses 10 as well. */
    private static final int COST = 10;
    /** bcrypt reads at most 72 bytes of a secret. */
    static final int MAX_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String hash(String secret) {
        return new String(BCrypt.withDefaults().hash(COST, secret.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    static boolean matches(String secret, String hash) {
        if (hash == null || hash.isEmpty()) {
            return false;
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** A random secret of {@code bytes} random bytes, URL-safe base64 without padding. */
    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
