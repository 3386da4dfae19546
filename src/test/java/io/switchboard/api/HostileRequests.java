package io.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Generates requests to every route of the API, each hostile in one or more of its parts: request line, method,
 * path, space id, query, headers and body. Requests that could change anything carry a body no schema accepts, or
 * name nothing stored, so that no generated request can change a stored connector legitimately; runs of stored
 * connectors ({@code _execute}, {@code _enqueue}, {@code _render}) carry hostile parameters, as runs change nothing.
 */
final class HostileRequests {

    /** What a route reads as its body: nothing, a JSON object or a JSON array. */
    enum Body { NONE, OBJECT, ARRAY }

    /**
     * A route: {@code {id}} in the path stands for an id or a name. {@code mayAnswerOk}: a generated request may be
     * one the route rightly answers with success, without changing anything stored.
     */
    record Route(String method, String path, Body body, boolean mayAnswerOk) {

        boolean writes() {
            return !method.equals("GET");
        }
    }

    /** A stored connector: its space and its id. */
    record Stored(String space, String id) {
    }

    /** One request on the wire, how it was made, and whether a success is a right answer to it. */
    record Probe(String description, byte[] wire, boolean head, boolean mayAnswerOk) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/actions/connectors", Body.NONE, true),
            new Route("GET", "/api/actions/connector_types", Body.NONE, true),
            new Route("GET", "/api/actions/connector/{id}", Body.NONE, true),
            new Route("POST", "/api/actions/connector", Body.OBJECT, false),
            new Route("POST", "/api/actions/connector/{id}", Body.OBJECT, false),
            new Route("PUT", "/api/actions/connector/{id}", Body.OBJECT, false),
            new Route("DELETE", "/api/actions/connector/{id}", Body.NONE, false),
            new Route("POST", "/api/actions/connector/{id}/_execute", Body.OBJECT, false),
            new Route("POST", "/api/actions/connector/{id}/_enqueue", Body.OBJECT, false),
            new Route("POST", "/api/actions/connector/{id}/_render", Body.OBJECT, false),
            // Kibana answers a bulk request with one outcome per item, each refused or not: a 200.
            new Route("POST", "/api/actions/_bulk_enqueue", Body.ARRAY, true),
            new Route("GET", "/api/actions/execution/{id}", Body.NONE, true),
            new Route("GET", "/internal/actions/_global_connector_execution_logs", Body.NONE, true),
            new Route("GET", "/internal/actions/_global_connector_execution_kpi", Body.NONE, true),
            new Route("GET", "/api/actions/references/rule/{id}", Body.NONE, true),
            new Route("PUT", "/api/actions/references/rule/{id}", Body.OBJECT, false),
            new Route("DELETE", "/api/actions/references/rule/{id}", Body.NONE, false),
            new Route("POST", "/api/encrypted_saved_objects/_rotate_key", Body.NONE, false),
            new Route("GET", "/_security/_authenticate", Body.NONE, true),
            new Route("GET", "/_security/user", Body.NONE, true),
            new Route("GET", "/_security/user/{id}", Body.NONE, true),
            new Route("PUT", "/_security/user/{id}", Body.OBJECT, false),
            new Route("POST", "/_security/user/{id}", Body.OBJECT, false),
            new Route("DELETE", "/_security/user/{id}", Body.NONE, false),
            new Route("POST", "/_security/user/{id}/_password", Body.OBJECT, false),
            new Route("PUT", "/_security/user/{id}/_password", Body.OBJECT, false),
            new Route("GET", "/_security/api_key", Body.NONE, true),
            new Route("POST", "/_security/api_key", Body.OBJECT, false),
            new Route("PUT", "/_security/api_key", Body.OBJECT, false),
            new Route("DELETE", "/_security/api_key", Body.OBJECT, false),
            new Route("GET", "/api/security/role", Body.NONE, true),
            new Route("GET", "/api/security/role/{id}", Body.NONE, true),
            new Route("PUT", "/api/security/role/{id}", Body.OBJECT, false),
            new Route("DELETE", "/api/security/role/{id}", Body.NONE, false),
            new Route("GET", "/api/actions/alertmanager/receivers", Body.NONE, true),
            new Route("GET", "/api/actions/alertmanager/receiver/{id}", Body.NONE, true),
            new Route("PUT", "/api/actions/alertmanager/receiver/{id}", Body.OBJECT, false),
            new Route("DELETE", "/api/actions/alertmanager/receiver/{id}", Body.NONE, false),
            new Route("POST", "/api/actions/alertmanager/receiver/{id}/_notify", Body.OBJECT, false),
            new Route("GET", "/internal/switchboard/audit_events", Body.NONE, true));

    /** The routes that run a connector, or render its parameters, without changing it. */
    private static final Pattern RUNS = Pattern.compile("/_(execute|enqueue|render)$");

    private static final List<String> ODD_METHODS = List.of(
            "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO", "get", "G\u0000T", "GET\u00ff",
            "M".repeat(5_000), "DELETE\tX", "post");

    private final HostileParts parts;
    private final HostileHeaders headers;
    private final int port;
    private final List<Stored> stored;

    /**
     * {@code stored}: the connectors that reads, runs and refused writes aim at; {@code reader}: the
     * {@code Authorization} of a user who may only read, which some requests carry instead of the superuser's.
     */
    HostileRequests(long seed, int port, List<Stored> stored, String reader) {
        Random random = new Random(seed);
        this.parts = new HostileParts(random);
        this.headers = new HostileHeaders(parts, reader);
        this.port = port;
        this.stored = stored;
    }

    /** The {@code n}th request of the sequence: route {@code n} modulo their count, so every route is hit alike. */
    Probe next(int n) {
        Route route = ROUTES.get(n % ROUTES.size());
        List<String> notes = new ArrayList<>();
        String method = method(route, notes);
        boolean runs = method.equals(route.method()) && RUNS.matcher(route.path()).find() && parts.chance(0.5);
        Stored run = runs ? parts.pick(stored) : null;
        String prefix = run == null ? spacePrefix(notes) : run.space().equals("default") ? "" : "/s/" + run.space();
        String target = prefix + path(route, method, run, notes) + query(route, notes);
        String body = runs ? runsBody(route, notes) : body(route, method, notes);
        List<String> lines = headers.forRequest(route, method, body, port, notes);
        // OPTIONS reads nothing but which methods a path has; a connector run answers even a failure with a 200.
        boolean mayAnswerOk = route.mayAnswerOk() && !notes.contains("odd method") || method.equals("OPTIONS")
                || runs;
        String requestLine = requestLine(method, target, notes);
        byte[] wire = assemble(requestLine, lines, body, notes);
        String description = route.method() + " " + route.path() + " " + notes;
        return new Probe(description, wire, method.equals("HEAD"), mayAnswerOk);
    }

    private String method(Route route, List<String> notes) {
        if (parts.chance(0.04)) {
            notes.add("odd method");
            return parts.pick(ODD_METHODS);
        }
        if (!route.writes() && parts.chance(0.1)) {
            notes.add("HEAD");
            return "HEAD";
        }
        return route.method();
    }

    private String spacePrefix(List<String> notes) {
        if (parts.chance(0.5)) {
            return "";
        }
        String space = parts.chance(0.4) ? parts.pick(stored).space() : parts.spaceId();
        notes.add("space " + abbreviate(space));
        return "/s/" + space;
    }

    private String path(Route route, String method, Stored run, List<String> notes) {
        if (!route.path().contains("{id}")) {
            return route.path();
        }
        // A stored id only where the request cannot change it: reads, runs, and writes whose bodies are refused.
        boolean storedAllowed = !method.equals("DELETE") && route.path().startsWith("/api/actions/connector/");
        String id = run != null ? run.id()
                : storedAllowed && parts.chance(0.3) ? parts.pick(stored).id() : parts.segment();
        notes.add("id " + abbreviate(id));
        return route.path().replace("{id}", id);
    }

    private String query(Route route, List<String> notes) {
        boolean queried = route.path().startsWith("/internal/") || route.path().endsWith("connector_types")
                || route.path().endsWith("api_key");
        if (!parts.chance(queried ? 0.7 : 0.1)) {
            return "";
        }
        String query = parts.query();
        notes.add("query " + abbreviate(query));
        return "?" + query;
    }

    /** A body that reaches a stored connector's own validation and rendering: a run, not a change. */
    private String runsBody(Route route, List<String> notes) {
        String body = HostileBodies.hostileParams(parts, route.path().endsWith("_render"));
        notes.add("runs with " + abbreviate(body));
        return body;
    }

    /** Null when the request has no body. */
    private String body(Route route, String method, List<String> notes) {
        if (route.body() == Body.NONE && !parts.chance(0.1)) {
            return null;
        }
        if (route.writes() || !method.equals(route.method())) {
            String body = HostileBodies.refused(parts, route.body());
            notes.add("body " + abbreviate(body));
            return body;
        }
        String body = parts.anyValue(0);
        notes.add("read with body " + abbreviate(body));
        return body;
    }

    private String requestLine(String method, String target, List<String> notes) {
        if (!parts.chance(0.05)) {
            // HTTP/1.0 is still valid, and needs no Host header.
            return method + " " + target + (parts.chance(0.03) ? " HTTP/1.0" : " HTTP/1.1");
        }
        String line = switch (parts.between(0, 11)) {
            case 0 -> method + " " + target + " HTTP/1.0";
            case 1 -> method + " " + target + " HTTP/2.0";
            case 2 -> method + " " + target + " HTTP/9.9";
            case 3 -> method + " " + target + " HTTP/1.1 extra";
            case 4 -> method + " " + target;
            case 5 -> method + " " + target + " http/1.1";
            case 6 -> method + " http://127.0.0.1:" + port + target + " HTTP/1.1";
            case 7 -> method + " * HTTP/1.1";
            case 8 -> method + " " + target.substring(1) + " HTTP/1.1";
            case 9 -> method + "  " + target + "  HTTP/1.1";
            case 10 -> method + "\t" + target + "\tHTTP/1.1";
            default -> method + " " + target + "/a b HTTP/1.1";
        };
        notes.add("request line " + abbreviate(line));
        notes.add("close");
        return line;
    }

    private byte[] assemble(String requestLine, List<String> lines, String body, List<String> notes) {
        StringBuilder head = new StringBuilder();
        if (parts.chance(0.02)) {
            head.append("\r\n\r\n");
        }
        head.append(requestLine).append("\r\n");
        if (notes.contains("close")) {
            lines.add("Connection: close");
        }
        for (String line : lines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        String payload = HostileHeaders.framed(body == null ? "" : body, lines);
        return (head + payload).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String abbreviate(String text) {
        return abbreviate(text, 80);
    }

    /** {@code text} cut to about {@code max} characters, its line ends and NULs shown. */
    static String abbreviate(String text, int max) {
        String shown = text.length() <= max ? text
                : text.substring(0, max * 3 / 4) + "…(" + text.length() + " chars)…"
                + text.substring(text.length() - max / 8);
        return shown.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    }
}
