package io.switchboard.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points {@code elasticsearch.hosts} at the in-JVM OpenSearch node. */
public class OpenSearchResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("elasticsearch.hosts", OpenSearchNode.start().url());
    }

    @Override
    public void stop() {
        // The node is shared by the whole test JVM and stops with it.
    }
}
