package io.switchboard.connector;

import io.switchboard.egress.EgressException;

/** The failure reason of an HTTP outcome: one classification shared by every HTTP connector. */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static FailureReason ofStatus(int status) {
        if (status == 429) {
            return FailureReason.RATE_LIMITED;
        }
        if (status >= 500) {
            return FailureReason.SERVER_ERROR;
        }
        if (status == 408) {
            return FailureReason.TIMEOUT;
        }
        return FailureReason.CLIENT_ERROR;
    }

    public static FailureReason of(EgressException failure) {
        return switch (failure.kind()) {
            case TIMEOUT -> FailureReason.TIMEOUT;
            case CONNECTION, TLS -> FailureReason.NETWORK;
            case INVALID_URL, HOST_NOT_ALLOWED, ADDRESS_DENIED -> FailureReason.NOT_ALLOWED;
            case RESPONSE_TOO_LARGE -> FailureReason.RESPONSE_TOO_LARGE;
        };
    }

    /** Node's way of describing a failed request: {@code [ECONNREFUSED] connect ECONNREFUSED ...}. */
    public static String describe(EgressException failure) {
        return failure.code() == null ? failure.getMessage() : "[" + failure.code() + "] " + failure.getMessage();
    }
}
