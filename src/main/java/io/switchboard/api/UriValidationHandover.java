package io.switchboard.api;

import io.quarkus.runtime.annotations.StaticInitSafe;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * Turns off Quarkus's own check of request targets, which answers a target that is not a URI with a bare 400 before
 * any route sees it, so that {@link RequestTargets} answers it in Kibana's shape. The check's only switch is the
 * system property {@code vertx.disableURIValidation}, read once, when Quarkus's HTTP recorder is loaded; a config
 * source is created before that, at the start of static initialization, so the property is set here. It offers no
 * configuration of its own.
 */
@StaticInitSafe
public final class UriValidationHandover implements ConfigSource {

    static final String PROPERTY = "vertx.disableURIValidation";

    static {
        System.setProperty(PROPERTY, "true");
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return null;
    }

    @Override
    public String getName() {
        return "switchboard-uri-validation-handover";
    }
}
