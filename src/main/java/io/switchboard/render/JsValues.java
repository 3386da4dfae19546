package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Template variables as Kibana hands them to mustache.js: a JSON clone (every number a double), dotted keys also
 * expanded into nested objects, and the string forms JavaScript gives to numbers, arrays and objects.
 */
final class JsValues {

    /** Path segments that Kibana refuses to expand, so that no key can reach an object's prototype. */
    private static final Set<String> UNSAFE_SEGMENTS = Set.of("__proto__", "constructor", "prototype");

    private JsValues() {
    }

    /** The variables as a view for rendering: a JSON clone with dotted keys also expanded. */
    static JsObject augment(JsonNode variables) {
        Object clone = fromJson(variables);
        JsObject view = clone instanceof JsObject object ? object : new JsObject();
        expandDottedKeys(view);
        return view;
    }

    /** {@code JSON.parse(JSON.stringify(value))}: numbers become doubles, objects and arrays our own types. */
    static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            JsObject object = new JsObject();
            node.properties().forEach(entry -> object.put(entry.getKey(), fromJson(entry.getValue())));
            return object;
        }
        if (node.isArray()) {
            JsArray array = new JsArray(node.size());
            node.forEach(element -> array.add(fromJson(element)));
            return array;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /**
     * A key {@code a.b.c} also sets {@code a -> b -> c}, replacing whatever non-object stood on the way; the last
     * write to a path wins. Walks nested objects and arrays the same way.
     */
    private static void expandDottedKeys(Object value) {
        if (value instanceof JsObject object) {
            for (String key : new ArrayList<>(object.keySet())) {
                Object child = object.get(key);
                if (key.contains(".")) {
                    setPath(object, key.split("\\.", -1), child);
                }
                expandDottedKeys(child);
            }
        } else if (value instanceof JsArray array) {
            array.forEach(JsValues::expandDottedKeys);
        }
    }

    private static void setPath(JsObject root, String[] segments, Object value) {
        for (String segment : segments) {
            if (UNSAFE_SEGMENTS.contains(segment)) {
                return;
            }
        }
        JsObject current = root;
        for (int i = 0; i < segments.length - 1; i++) {
            Object next = current.get(segments[i]);
            if (!(next instanceof JsObject)) {
                next = new JsObject();
                current.put(segments[i], next);
            }
            current = (JsObject) next;
        }
        current.put(segments[segments.length - 1], value);
    }

    /** JavaScript's {@code String(value)} for a value inside an array or template; null and functions give "". */
    static String toJsString(Object value) {
        if (value == null || value instanceof Mustache.Lambda) {
            return "";
        }
        if (value instanceof Double number) {
            return numberToString(number);
        }
        if (value instanceof JsArray array) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    joined.append(',');
                }
                joined.append(toJsString(array.get(i)));
            }
            return joined.toString();
        }
        if (value instanceof JsObject object) {
            return stringify(object);
        }
        return value.toString();
    }

    /** JavaScript's {@code Number.prototype.toString()}: shortest round-trip digits, plain up to 1e21. */
    static String numberToString(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int k = digits.length();
        int n = k - decimal.scale();
        StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /** {@code JSON.stringify(value)}: integer-like keys first as JavaScript orders them; functions left out. */
    static String stringify(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null || value instanceof Mustache.Lambda) {
            out.append("null");
        } else if (value instanceof Double number) {
            out.append(Double.isFinite(number) ? numberToString(number) : "null");
        } else if (value instanceof String text) {
            quote(out, text);
        } else if (value instanceof JsArray array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, array.get(i));
            }
            out.append(']');
        } else if (value instanceof JsObject object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : inJsKeyOrder(object)) {
                if (entry.getValue() instanceof Mustache.Lambda) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, entry.getKey());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** JavaScript lists an object's array-index keys first, ascending, then the others in insertion order. */
    private static List<Map.Entry<String, Object>> inJsKeyOrder(JsObject object) {
        List<Map.Entry<String, Object>> indexKeys = new ArrayList<>();
        List<Map.Entry<String, Object>> otherKeys = new ArrayList<>();
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            (isArrayIndex(entry.getKey()) ? indexKeys : otherKeys).add(entry);
        }
        if (indexKeys.isEmpty()) {
            return otherKeys;
        }
        indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
        indexKeys.addAll(otherKeys);
        return indexKeys;
    }

    private static boolean isArrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(key) < 4294967295L;
    }

    /** {@code JSON.stringify} of a string, quotes included. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
