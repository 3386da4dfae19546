package io.switchboard.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import org.hjson.JsonValue;
import org.hjson.ParseException;
import org.hjson.Stringify;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Kibana's Mustache lambdas, used as sections: {@code {{#FormatDate}}{{date}}; Europe/Paris{{/FormatDate}}}. Each
 * renders its section first (with the field's escaping), then transforms the text; the result is written as is. A
 * failure renders its message, as Kibana's do, and is logged.
 */
final class Lambdas {

    private static final Logger LOG = Logger.getLogger(Lambdas.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Map<String, Mustache.Lambda> ALL = all();

    private Lambdas() {
    }

    private static Map<String, Mustache.Lambda> all() {
        Map<String, Mustache.Lambda> lambdas = new LinkedHashMap<>();
        lambdas.put("EvalMath", (fragment, out) ->
                out.write(reportFailure(TinyMath.evaluate(fragment.execute().trim(), fragment.context()))));
        lambdas.put("ParseHjson", trimmed(Lambdas::parseHjson));
        lambdas.put("FormatDate", trimmed(text -> reportFailure(MomentFormat.formatDate(text))));
        lambdas.put("FormatNumber", trimmed(text -> reportFailure(IntlNumberFormat.format(text))));
        // These two keep surrounding whitespace, as Kibana's do.
        lambdas.put("EncodeURI", (fragment, out) -> out.write(reportFailure(JsUri.encodeUri(fragment.execute()))));
        lambdas.put("EncodeURIComponent", (fragment, out) ->
                out.write(reportFailure(JsUri.encodeUriComponent(fragment.execute()))));
        return Map.copyOf(lambdas);
    }

    private static Mustache.Lambda trimmed(Function<String, String> transform) {
        return (fragment, out) -> out.write(transform.apply(fragment.execute().trim()));
    }

    /** Hjson in, JSON text out. */
    static String parseHjson(String hjson) {
        Object parsed;
        try {
            String json = JsonValue.readHjson(hjson).toString(Stringify.PLAIN);
            parsed = JsValues.fromJson(JSON.readTree(json));
        } catch (ParseException invalid) {
            return reportFailure(Outcome.failed("error parsing Hjson \"" + hjson + "\": " + hjsonMessage(hjson,
                    invalid)));
        } catch (JsonProcessingException | RuntimeException unexpected) {
            return reportFailure(Outcome.failed("error parsing Hjson \"" + hjson + "\": " + unexpected.getMessage()));
        }
        return JsValues.stringify(parsed);
    }

    /**
     * hjson-js words its errors as hjson-java does but ends them {@code at line L,C >>>text ...}; its column counts
     * one further than hjson-java's past the first line, and the quoted text starts at the line (at its second
     * character on the first line).
     */
    private static String hjsonMessage(String hjson, ParseException error) {
        String message = error.getMessage();
        int at = message.lastIndexOf(" at ");
        String reason = at >= 0 ? message.substring(0, at) : message;
        int line = error.getLine();
        int column = error.getColumn() + (line > 1 ? 1 : 0);
        int lineStart = line > 1 ? Math.max(0, Math.min(hjson.length(), error.getOffset() - column + 1)) : 1;
        String quoted = hjson.substring(Math.min(lineStart, hjson.length()),
                Math.min(hjson.length(), lineStart + 20));
        return reason + " at line " + line + "," + column + " >>>" + quoted + " ...";
    }

    private static String reportFailure(Outcome outcome) {
        if (outcome.failed()) {
            LOG.warnf("mustache render error: %s", outcome.text());
        }
        return outcome.text();
    }

    /** A lambda's text, or the message of its failure, which is rendered in its place. */
    record Outcome(String text, boolean failed) {
        static Outcome ok(String text) {
            return new Outcome(text, false);
        }

        static Outcome failed(String message) {
            return new Outcome(message, true);
        }
    }
}
