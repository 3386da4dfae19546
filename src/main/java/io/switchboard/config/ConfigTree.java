package io.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a JSON tree from the flattened configuration properties under a prefix, so free-form settings such as
 * {@code xpack.actions.preconfigured.<id>.config} can be read whatever source they came from (YAML, properties).
 * Leaves stay strings; the schemas that read them coerce numbers and booleans the way Kibana's config does.
 */
public final class ConfigTree {

    private static final Pattern INDEX = Pattern.compile("^(.*)\\[(\\d+)]$");

    private ConfigTree() {
    }

    /** The subtree under {@code prefix}, or an empty object when nothing is configured there. */
    public static ObjectNode read(Config config, String prefix) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        TreeSet<String> names = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix + ".")) {
                names.add(name);
            }
        }
        for (String name : names) {
            List<String> segments = split(name.substring(prefix.length() + 1));
            String value = config.getConfigValue(name).getValue();
            if (value != null && !hasIndexedSibling(names, name)) {
                put(root, segments, value);
            }
        }
        return root;
    }

    /**
     * The list under {@code key} ({@code key[0].a}, {@code key[1].b}...), such as
     * {@code xpack.actions.customHostSettings}; an empty array when nothing is configured there.
     */
    public static ArrayNode readList(Config config, String key) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        TreeSet<String> names = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(key + "[")) {
                names.add(name);
            }
        }
        for (String name : names) {
            String value = config.getConfigValue(name).getValue();
            if (value != null && !hasIndexedSibling(names, name)) {
                put(root, split("list" + name.substring(key.length())), value);
            }
        }
        return root.get("list") instanceof ArrayNode list ? list : JsonNodeFactory.instance.arrayNode();
    }

    /** SmallRye exposes a YAML list both as {@code key[0]...} and as {@code key=a,b}; keep the indexed form only. */
    private static boolean hasIndexedSibling(TreeSet<String> names, String name) {
        String next = names.higher(name + "[");
        return next != null && next.startsWith(name + "[");
    }

    private static void put(ObjectNode root, List<String> segments, String value) {
        JsonNode node = root;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            String segment = segments.get(i);
            List<Integer> indexes = new ArrayList<>();
            Matcher matcher = INDEX.matcher(segment);
            while (matcher.matches()) {
                indexes.addFirst(Integer.parseInt(matcher.group(2)));
                segment = matcher.group(1);
                matcher = INDEX.matcher(segment);
            }
            if (!(node instanceof ObjectNode object)) {
                return;
            }
            if (indexes.isEmpty()) {
                node = last ? object.set(segment, TextNode.valueOf(value)) : child(object, segment);
                if (last) {
                    return;
                }
                continue;
            }
            JsonNode current = object.get(segment);
            ArrayNode array = current instanceof ArrayNode existing ? existing : object.putArray(segment);
            for (int j = 0; j < indexes.size(); j++) {
                int index = indexes.get(j);
                while (array.size() <= index) {
                    array.addNull();
                }
                boolean innermost = j == indexes.size() - 1;
                if (innermost && last) {
                    array.set(index, TextNode.valueOf(value));
                    return;
                }
                if (innermost) {
                    if (!array.get(index).isObject()) {
                        array.set(index, JsonNodeFactory.instance.objectNode());
                    }
                    node = array.get(index);
                } else {
                    if (!array.get(index).isArray()) {
                        array.set(index, JsonNodeFactory.instance.arrayNode());
                    }
                    array = (ArrayNode) array.get(index);
                }
            }
        }
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(name);
    }

    /** Splits on dots that are not inside double quotes, and unquotes quoted segments. */
    static List<String> split(String name) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments;
    }
}
