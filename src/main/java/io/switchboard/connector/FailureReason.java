package io.switchboard.connector;

import java.util.Locale;

/** Why an execution failed, as a small fixed set usable as a metric label. */
public enum FailureReason {
    /** Params, config or secrets did not validate. */
    VALIDATION,
    /** The execution ran past its deadline. */
    TIMEOUT,
    /** The peer could not be reached: DNS, refused or reset connection, TLS. */
    NETWORK,
    /** The peer answered 5xx. */
    SERVER_ERROR,
    /** The peer answered 429. */
    RATE_LIMITED,
    /** The peer answered another non-success status, or refused the content. */
    CLIENT_ERROR,
    /** The target host or address is not allowed by configuration. */
    NOT_ALLOWED,
    /** The response exceeded the size cap. */
    RESPONSE_TOO_LARGE,
    /** The connector failed in a way none of the above describes. */
    UNEXPECTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
