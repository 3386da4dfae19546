package io.switchboard.connector;

import io.switchboard.egress.AllowedHosts;

/** What a type's custom validators may consult. */
public record ValidationContext(AllowedHosts allowedHosts) {
}
