package io.switchboard.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Settings an operator would restrict: only some hosts may be called, {@code .server-log} is disabled, and email
 * may only use some domains. Test classes using this profile share one application start.
 */
public class RestrictedSettingsProfile implements QuarkusTestProfile {

    public static final String ALLOWED_HOST = "allowed.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "xpack.actions.allowedHosts", String.join(",", ALLOWED_HOST, "hooks.slack.com",
                        "events.pagerduty.com", "smtp.allowed.example.com", "smtp.gmail.com"),
                "xpack.actions.enabledActionTypes", String.join(",", ".index", ".slack", ".pagerduty", ".jira",
                        ".email", ".webhook"),
                "xpack.actions.email.domain_allowlist", "allowed.example.com,example.org");
    }
}
