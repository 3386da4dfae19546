package io.switchboard.connector.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.BaseConnectorType;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.ElasticsearchSettings;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.egress.HttpEgress;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;


import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.bool;
import static io.switchboard.schema.Schemas.nullable;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/** {@code .index}: writes documents to an Elasticsearch index. */
@Singleton
public class IndexConnectorType extends BaseConnectorType {

    private final BulkIndexer indexer;

    public static final String ID = ".index";
    static final String ALERT_HISTORY_PREFIX = "kibana-alert-history-";

    private static final ObjectSchema CONFIG = object(
            "index", string(),
            "refresh", bool(false),
            "executionTimeField", nullable(string()));

    private static final ObjectSchema SECRETS = object();

    private static final Schema PARAMS = object(
            "documents", arrayOf(recordOf(string(), any())),
            "indexOverride", nullable(string().validator(index -> index.textValue().startsWith(ALERT_HISTORY_PREFIX)
                    ? null
                    : "index must start with \"" + ALERT_HISTORY_PREFIX + "\"")));

    @Inject
    public IndexConnectorType(HttpEgress egress, ElasticsearchSettings elasticsearch, ObjectMapper json) {
        super(ID, "Index", License.BASIC, FeatureIds.ALERTING_UPTIME_SECURITY, CONFIG, SECRETS, PARAMS);
        this.indexer = new BulkIndexer(egress, elasticsearch, json);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        return indexer.index(request);
    }

    /**
     * As Kibana: the documents with every string rendered, no escaping; {@code indexOverride} is dropped (null).
     * Kibana keeps it only for its preconfigured alert-history connector, whose documents it builds from the rule's
     * variables instead; that document building is not done here.
     */
    @Override
    public JsonNode renderParams(JsonNode params, TemplateRenderer templates) {
        ObjectNode rendered = JsonNodeFactory.instance.objectNode();
        JsonNode documents = params.get("documents");
        if (documents != null) {
            rendered.set("documents", templates.renderStrings(documents));
        }
        rendered.putNull("indexOverride");
        return rendered;
    }
}
