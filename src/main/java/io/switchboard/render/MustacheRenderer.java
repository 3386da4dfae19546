package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.switchboard.connector.ConnectorType.TemplateRenderer;

import java.io.StringReader;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kibana's Mustache rendering (mustache.js 4 as Kibana configures it) on jmustache: missing and null values render
 * "", {@code ""}, {@code 0}, {@code false}, null and empty arrays are false in sections, dotted names look into
 * objects and arrays ({@code list.0}, {@code list.length}, {@code list.asJSON}), objects render as their JSON and
 * arrays as their comma-joined elements. Partials render as nothing. Lookups reach only the variables: no Java
 * method or field of any object is ever reachable from a template.
 *
 * <p>One instance binds one set of variables; it is cheap and meant for the params of one execution.
 */
public final class MustacheRenderer implements TemplateRenderer {

    private static final Map<Escape, Mustache.Compiler> COMPILERS = compilers();

    private final JsObject view;

    private MustacheRenderer(JsObject view) {
        this.view = view;
    }

    /** A renderer for these variables (any JSON; a non-object counts as no variables). */
    public static MustacheRenderer withVariables(JsonNode variables) {
        JsObject view = new JsObject();
        view.putAll(Lambdas.ALL);
        view.putAll(JsValues.augment(variables));
        return new MustacheRenderer(view);
    }

    @Override
    public String render(String template, Escape escape) {
        if (template == null) {
            return null;
        }
        String syntaxError = MustacheSyntax.errorOf(template);
        if (syntaxError != null) {
            return failure(template, syntaxError);
        }
        try {
            return COMPILERS.get(escape).compile(template).execute(view);
        } catch (RuntimeException | StackOverflowError failed) {
            return failure(template, failed.getMessage() == null ? failed.toString() : failed.getMessage());
        }
    }

    @Override
    public JsonNode renderStrings(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return TextNode.valueOf(render(value.textValue(), Escape.NONE));
        }
        if (value.isObject()) {
            ObjectNode rendered = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(entry -> rendered.set(entry.getKey(), renderStrings(entry.getValue())));
            return rendered;
        }
        if (value.isArray()) {
            ArrayNode rendered = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(element -> rendered.add(renderStrings(element)));
            return rendered;
        }
        return value;
    }

    private static String failure(String template, String message) {
        return "error rendering mustache template \"" + template + "\": " + message;
    }

    private static Map<Escape, Mustache.Compiler> compilers() {
        Mustache.Compiler base = Mustache.compiler()
                .defaultValue("")
                .emptyStringIsFalse(true)
                .zeroIsFalse(true)
                .withFormatter(JsValues::toJsString)
                .withCollector(new VariablesCollector())
                .withLoader(name -> new StringReader(""));
        Map<Escape, Mustache.Compiler> compilers = new EnumMap<>(Escape.class);
        for (Escape escape : Escape.values()) {
            compilers.put(escape, base.withEscaper(Escapes.of(escape)));
        }
        return compilers;
    }

    /** Looks names up in the variables only, the way JavaScript property access would. */
    private static final class VariablesCollector implements Mustache.Collector {

        private static final Mustache.VariableFetcher OBJECT = (context, name) -> {
            // mustache.js splits a dotted name before looking it up; jmustache would first try it whole
            JsObject object = (JsObject) context;
            return object.containsKey(name) && name.indexOf('.') < 0 ? object.get(name) : Template.NO_FETCHER_FOUND;
        };

        private static final Mustache.VariableFetcher ARRAY = (context, name) -> {
            JsArray array = (JsArray) context;
            if (name.equals("length")) {
                return (double) array.size();
            }
            if (name.equals("asJSON")) {
                return JsValues.stringify(array);
            }
            int index = arrayIndex(name);
            return index >= 0 && index < array.size() ? array.get(index) : Template.NO_FETCHER_FOUND;
        };

        private static final Mustache.VariableFetcher STRING = (context, name) -> name.equals("length")
                ? (double) ((String) context).length()
                : Template.NO_FETCHER_FOUND;

        @Override
        public Iterator<?> toIterator(Object value) {
            // jmustache hands a null section value over as an empty list
            return value instanceof List<?> list ? list.iterator() : null;
        }

        @Override
        public Mustache.VariableFetcher createFetcher(Object context, String name) {
            if (context instanceof JsObject) {
                return OBJECT;
            }
            if (context instanceof JsArray) {
                return ARRAY;
            }
            if (context instanceof String) {
                return STRING;
            }
            return null;
        }

        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new ConcurrentHashMap<>();
        }

        private static int arrayIndex(String name) {
            if (name.isEmpty() || name.length() > 9 || (name.length() > 1 && name.charAt(0) == '0')) {
                return -1;
            }
            for (int i = 0; i < name.length(); i++) {
                if (!Character.isDigit(name.charAt(i)) || name.charAt(i) > '9') {
                    return -1;
                }
            }
            return Integer.parseInt(name);
        }
    }
}
