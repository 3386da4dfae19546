package io.switchboard.connector.jira;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.egress.EgressSettings;
import io.switchboard.egress.HttpEgress;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@link HttpEgress} on its own Vert.x, configured from properties as kibana.yml would be. */
final class JiraEgressFixture implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    final HttpEgress egress;

    JiraEgressFixture(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(new LinkedHashMap<>(properties), "test", 500))
                .build();
        this.egress = new HttpEgress(vertx, new EgressSettings(config));
    }

    /** Closing the Vert.x instance closes the clients the egress opened on it. */
    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
