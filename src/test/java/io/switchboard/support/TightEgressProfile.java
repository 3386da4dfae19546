package io.switchboard.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Outbound limits small enough to test: a 1 s response timeout, a 1 kb response cap, and only 127.0.0.1 allowed
 * (so a redirect to {@code localhost} leaves the allowed hosts); executions may run 2 s; the "Elasticsearch" of
 * {@code .index} is {@link ElasticsearchStub}.
 */
public class TightEgressProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "xpack.actions.responseTimeout", "1s",
                "xpack.actions.maxResponseContentLength", "1kb",
                "xpack.actions.allowedHosts", "127.0.0.1",
                "switchboard.execution.timeout", "2s",
                "elasticsearch.hosts", ElasticsearchStub.url() + "/es",
                "elasticsearch.username", "elastic",
                "elasticsearch.password", "es-pass-Zq81");
    }
}
