package io.switchboard.security;

/** What a caller may do with the connectors of one space: Kibana's {@code actions} feature privilege. */
public enum Access {
    NONE, READ, ALL;

    public boolean allows(Access needed) {
        return compareTo(needed) >= 0;
    }

    static Access least(Access a, Access b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static Access most(Access a, Access b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
