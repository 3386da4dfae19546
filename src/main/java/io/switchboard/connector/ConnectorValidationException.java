package io.switchboard.connector;

/** A config, secrets or cross-field failure, with Kibana's message ({@code error validating action type ...}). */
public final class ConnectorValidationException extends RuntimeException {

    public ConnectorValidationException(String message) {
        super(message, null, false, false);
    }
}
