package io.switchboard.connector;

import io.switchboard.egress.AllowedHosts;

import java.util.List;
import java.util.Optional;

/**
 * What a type's custom validators may consult.
 *
 * @param allowedHosts         {@code xpack.actions.allowedHosts}
 * @param emailDomainAllowlist {@code xpack.actions.email.domain_allowlist}, when configured
 */
public record ValidationContext(AllowedHosts allowedHosts, Optional<List<String>> emailDomainAllowlist) {
}
