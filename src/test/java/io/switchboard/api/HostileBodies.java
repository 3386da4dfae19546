package io.switchboard.api;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Request bodies no route accepts: each starts from a document of the wrong type, or an object whose every known
 * field has the wrong type, and may then be corrupted further (truncated, invalid UTF-8, NUL bytes, nesting past the
 * limit, past the payload limit). Corruption can only make a refused body more refused, never valid.
 */
final class HostileBodies {

    /** The kind of value each field some route reads must be; the body gives it any other kind. */
    private static final List<Map.Entry<String, String>> FIELDS = List.of(
            Map.entry("name", "string"), Map.entry("connector_type_id", "string"), Map.entry("config", "object"),
            Map.entry("secrets", "object"), Map.entry("params", "object"), Map.entry("variables", "object"),
            Map.entry("connector_ids", "array"), Map.entry("password", "string"), Map.entry("roles", "array"),
            Map.entry("expiration", "string"), Map.entry("role_descriptors", "object"), Map.entry("ids", "array"),
            Map.entry("id", "string"), Map.entry("username", "string"), Map.entry("owner", "boolean"),
            Map.entry("elasticsearch", "object"), Map.entry("kibana", "array"), Map.entry("actions", "array"),
            Map.entry("alerts", "array"), Map.entry("version", "string"), Map.entry("status", "string"));

    private static final List<String> KINDS = List.of("string", "number", "boolean", "object", "array");

    /** The parameters connector types read, and the template tags their renderer knows and misreads. */
    private static final List<String> PARAMS = List.of(
            "message", "level", "body", "subAction", "subActionParams", "summary", "severity", "eventAction",
            "dedupKey", "to", "cc", "subject", "messageHTML", "text", "blocks", "documents", "timestamp",
            "customDetails", "links", "kibanaFooterLink");
    private static final List<String> TEMPLATES = List.of(
            "{{context.value}}", "{{#context.list}}{{.}}{{/context.list}}", "{{{context.html}}}", "{{#a}}{{/b}}",
            "{{", "}}", "{{{", "{{> partial}}", "{{=<% %>=}}<%a%>", "{{^x}}{{/x}}", "{{#each a}}{{/each}}",
            "{{context.a.b.c.d.e.f}}", "{{#context}}{{#context}}{{#context}}{{/context}}{{/context}}{{/context}}",
            "{{a}}".repeat(5_000), "{{#FormatNumber}}1e400;en;{}{{/FormatNumber}}",
            "{{#EvalMath}}1/0{{/EvalMath}}", "{{#FormatDate}}{{context.date}};x;y;z{{/FormatDate}}",
            "{{#ParseHjson}}{a:{{/ParseHjson}}", "{{#jsonEncode}}{{/jsonEncode}}", "{{!comment");

    private HostileBodies() {
    }

    static String refused(HostileParts parts, HostileRequests.Body expected) {
        String body = parts.chance(0.4) ? wrongDocument(parts, expected) : wrongFields(parts);
        return parts.chance(0.5) ? corrupted(parts, body) : body;
    }

    /**
     * A body the route's own schema takes, {@code params} (and {@code variables}) being objects, whose contents are
     * hostile to the connector type that validates and renders them.
     */
    static String hostileParams(HostileParts parts, boolean withVariables) {
        String body = "{\"params\":" + paramsObject(parts);
        if (withVariables) {
            body += ",\"variables\":{\"context\":" + paramsObject(parts) + ",\"a\":" + parts.anyValue(2) + "}";
        }
        return body + "}";
    }

    private static String paramsObject(HostileParts parts) {
        StringJoiner object = new StringJoiner(",", "{", "}");
        for (int i = parts.between(1, 6); i > 0; i--) {
            object.add("\"" + parts.pick(PARAMS) + "\":" + paramValue(parts));
        }
        if (parts.chance(0.03)) {
            for (int i = parts.between(1_000, 40_000); i > 0; i--) {
                object.add("\"k" + i + "\":" + i);
            }
        }
        return object.toString();
    }

    private static String paramValue(HostileParts parts) {
        return switch (parts.between(0, 4)) {
            case 0, 1 -> HostileParts.jsonString(parts.pick(TEMPLATES));
            case 2 -> HostileParts.jsonString(parts.pick(TEMPLATES) + parts.hostileText() + parts.pick(TEMPLATES));
            case 3 -> parts.chance(0.05) ? parts.hugeString() : parts.anyValue(0);
            default -> valueOf(parts, parts.pick(KINDS));
        };
    }

    /** A whole document of another type than the route reads. */
    private static String wrongDocument(HostileParts parts, HostileRequests.Body expected) {
        List<String> kinds = expected == HostileRequests.Body.ARRAY
                ? List.of("string", "number", "boolean", "object") : List.of("string", "number", "boolean", "array");
        return valueOf(parts, parts.pick(kinds));
    }

    /** An object naming the fields the routes read, each with a value of the wrong kind, among hostile others. */
    private static String wrongFields(HostileParts parts) {
        StringJoiner object = new StringJoiner(",", "{", "}");
        for (Map.Entry<String, String> field : FIELDS) {
            String kind;
            do {
                kind = parts.pick(KINDS);
            } while (kind.equals(field.getValue()));
            object.add("\"" + field.getKey() + "\":" + valueOf(parts, kind));
        }
        for (int i = parts.between(0, 3); i > 0; i--) {
            object.add(HostileParts.jsonString(parts.hostileText() + parts.word(4)) + ":" + parts.anyValue(0));
        }
        if (parts.chance(0.05)) {
            object.add("\"filler\":" + parts.hugeString());
        }
        return object.toString();
    }

    private static String valueOf(HostileParts parts, String kind) {
        return switch (kind) {
            case "string" -> HostileParts.jsonString(parts.hostileText());
            case "number" -> parts.pick(HostileParts.NUMBERS);
            case "boolean" -> parts.chance(0.5) ? "true" : "false";
            case "object" -> "{\"a\":" + parts.anyValue(3) + "}";
            default -> "[" + parts.anyValue(3) + "]";
        };
    }

    private static String corrupted(HostileParts parts, String body) {
        int at = parts.between(Math.min(1, body.length()), body.length() - 1);
        return switch (parts.between(0, 10)) {
            case 0 -> body.substring(0, at);
            case 1 -> body + parts.pick(List.of("}", "]]", ",", " x", "{}", "\u0000"));
            case 2 -> body.substring(0, at) + parts.pick(List.of("\u00ff", "\u00c0\u00ae", "\u0080", "\u00ed\u00a0\u0080",
                    "\u00f8\u0088\u0080\u0080\u0080")) + body.substring(at);
            case 3 -> body.substring(0, at) + "\u0000" + body.substring(at);
            case 4 -> body.replace('"', '\'');
            case 5 -> "\u00ef\u00bb\u00bf" + body;
            case 6 -> "/* c */" + body;
            case 7 -> body.substring(0, at) + parts.tooDeep() + body.substring(at);
            case 8 -> " ".repeat(parts.between(1_000, 200_000)) + body;
            case 9 -> parts.chance(0.3) ? pastPayloadLimit(parts, body) : body + body;
            default -> "{\"a\":" + parts.tooDeep() + "}";
        };
    }

    /** Past Kibana's maxPayload of 1 MiB. */
    private static String pastPayloadLimit(HostileParts parts, String body) {
        return body + " ".repeat(1024 * 1024 + parts.between(1, 64 * 1024));
    }
}
