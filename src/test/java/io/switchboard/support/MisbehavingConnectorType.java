package io.switchboard.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.connector.BaseConnectorType;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.connector.Retry;
import jakarta.inject.Singleton;

import java.util.List;

import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOfLiterals;

/**
 * A connector type that exists only in tests, to drive the pipeline's handling of connectors that break their
 * contract: one that throws, one that overflows its stack, one that never finishes; and one that fails in a way
 * that must never be tried again ({@code retry: false}).
 */
@Singleton
public class MisbehavingConnectorType extends BaseConnectorType {

    public static final String ID = ".test-misbehaving";

    public MisbehavingConnectorType() {
        super(ID, "Misbehaving (tests only)", License.BASIC, List.of(FeatureIds.ALERTING), object(), object(),
                object("behaviour", oneOfLiterals("throw", "overflow", "hang", "refuse")));
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        String behaviour = request.params().get("behaviour").textValue();
        if (behaviour.equals("throw")) {
            throw new IllegalStateException("the connector broke");
        }
        if (behaviour.equals("refuse")) {
            return ExecutionResult.failure(FailureReason.UNEXPECTED, "refused for good", null, Retry.NO);
        }
        if (behaviour.equals("overflow")) {
            return recurse(0);
        }
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExecutionResult.success(JsonNodeFactory.instance.textNode("too late"));
    }

    private static ExecutionResult recurse(int depth) {
        return depth < 0 ? null : recurse(depth + 1);
    }

}
