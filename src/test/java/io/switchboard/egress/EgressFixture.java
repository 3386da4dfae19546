package io.switchboard.egress;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@link HttpEgress} on its own Vert.x, configured from properties as kibana.yml would be. */
final class EgressFixture implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final EgressSettings settings;
    final HttpEgress egress;

    EgressFixture(Map<String, String> properties) {
        this.settings = settings(properties);
        this.egress = new HttpEgress(vertx, settings);
    }

    static EgressSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(new LinkedHashMap<>(properties), "test", 500))
                .build();
        return new EgressSettings(config);
    }

    OutboundResponse send(OutboundRequest request) throws EgressException {
        return egress.send(request, Instant.now().plusSeconds(30));
    }

    OutboundResponse get(String url) throws EgressException {
        return send(new OutboundRequest("GET", url, Map.of(), null));
    }

    @Override
    public void close() throws Exception {
        egress.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
