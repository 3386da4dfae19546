package io.switchboard.crypto;

/** A sealed secret that cannot be opened with the configured keys. The message never contains secret material. */
public final class UnreadableSecretException extends RuntimeException {

    public UnreadableSecretException(String message) {
        super(message);
    }
}
