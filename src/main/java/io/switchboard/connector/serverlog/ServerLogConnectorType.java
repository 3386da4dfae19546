package io.switchboard.connector.serverlog;

import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import jakarta.inject.Singleton;

import java.util.List;

import static io.switchboard.schema.Schemas.literal;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOfLiterals;
import static io.switchboard.schema.Schemas.string;

/** {@code .server-log}: writes a message to the server log. */
@Singleton
public class ServerLogConnectorType implements ConnectorType {

    public static final String ID = ".server-log";

    private static final ObjectSchema EMPTY = object();

    private static final Schema PARAMS = object(
            "message", string(),
            "level", oneOfLiterals("trace", "debug", "info", "warn", "error", "fatal")
                    .defaultValue(literal("info").expected()));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Server log";
    }

    @Override
    public License minimumLicense() {
        return License.BASIC;
    }

    @Override
    public List<String> supportedFeatureIds() {
        return List.of(FeatureIds.ALERTING, FeatureIds.UPTIME, FeatureIds.SECURITY);
    }

    @Override
    public ObjectSchema configSchema() {
        return EMPTY;
    }

    @Override
    public ObjectSchema secretsSchema() {
        return EMPTY;
    }

    @Override
    public Schema paramsSchema() {
        return PARAMS;
    }
}
