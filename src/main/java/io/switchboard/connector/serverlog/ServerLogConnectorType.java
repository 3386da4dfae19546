package io.switchboard.connector.serverlog;

import io.switchboard.connector.BaseConnectorType;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.regex.Pattern;

import static io.switchboard.schema.Schemas.literal;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOfLiterals;
import static io.switchboard.schema.Schemas.string;

/** {@code .server-log}: writes a message to the server log. */
@Singleton
public class ServerLogConnectorType extends BaseConnectorType {

    public static final String ID = ".server-log";
    private static final Logger LOG = Logger.getLogger(ServerLogConnectorType.class);
    private static final Pattern CONTROL_CHARACTERS =
            Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F-\\x9F\\u2028\\u2029]");

    private static final ObjectSchema EMPTY = object();

    private static final Schema PARAMS = object(
            "message", string(),
            "level", oneOfLiterals("trace", "debug", "info", "warn", "error", "fatal")
                    .defaultValue(literal("info").expected()));

    public ServerLogConnectorType() {
        super(ID, "Server log", License.BASIC, FeatureIds.ALERTING_UPTIME_SECURITY, EMPTY, EMPTY, PARAMS);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        String message = "Server log: " + withoutControlCharacters(request.params().get("message").textValue());
        LOG.log(level(request.params().get("level").textValue()), message);
        return ExecutionResult.success(null);
    }

    /** Control characters (tabs excepted) become {@code ;}, so one message stays one log line. */
    static String withoutControlCharacters(String text) {
        return CONTROL_CHARACTERS.matcher(text).replaceAll(";");
    }

    private static Logger.Level level(String level) {
        return switch (level) {
            case "trace" -> Logger.Level.TRACE;
            case "debug" -> Logger.Level.DEBUG;
            case "warn" -> Logger.Level.WARN;
            case "error" -> Logger.Level.ERROR;
            case "fatal" -> Logger.Level.FATAL;
            default -> Logger.Level.INFO;
        };
    }
}
