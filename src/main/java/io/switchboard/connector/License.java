package io.switchboard.connector;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Kibana's licence levels, as printed in {@code minimum_license_required}. Every level is enabled here. */
public enum License {
    BASIC, STANDARD, GOLD, PLATINUM, ENTERPRISE, TRIAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
