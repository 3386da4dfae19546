package io.switchboard.connector;

import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;

import java.util.List;

/** The identity and schemas every connector type declares once, in its constructor. */
public abstract class BaseConnectorType implements ConnectorType {

    private final String id;
    private final String name;
    private final License minimumLicense;
    private final List<String> supportedFeatureIds;
    private final ObjectSchema configSchema;
    private final ObjectSchema secretsSchema;
    private final Schema paramsSchema;

    protected BaseConnectorType(String id, String name, License minimumLicense, List<String> supportedFeatureIds,
                                ObjectSchema configSchema, ObjectSchema secretsSchema, Schema paramsSchema) {
        this.id = id;
        this.name = name;
        this.minimumLicense = minimumLicense;
        this.supportedFeatureIds = List.copyOf(supportedFeatureIds);
        this.configSchema = configSchema;
        this.secretsSchema = secretsSchema;
        this.paramsSchema = paramsSchema;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final License minimumLicense() {
        return minimumLicense;
    }

    @Override
    public final List<String> supportedFeatureIds() {
        return supportedFeatureIds;
    }

    @Override
    public final ObjectSchema configSchema() {
        return configSchema;
    }

    @Override
    public final ObjectSchema secretsSchema() {
        return secretsSchema;
    }

    @Override
    public final Schema paramsSchema() {
        return paramsSchema;
    }
}
