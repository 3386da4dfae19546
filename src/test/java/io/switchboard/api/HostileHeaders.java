package io.switchboard.api;

import io.switchboard.support.Api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The header lines of a generated request: those a Kibana client sends, then, for some requests, one or two of them
 * missing, repeated, oversized, malformed, or contradicting the body's framing.
 */
final class HostileHeaders {

    private static final String CHUNKED = "Transfer-Encoding: chunked";

    private static final List<String> BAD_AUTHORIZATIONS = List.of(
            "Basic", "Basic ", "Basic %%%", "Basic " + base64("elastic"), "Basic " + base64("elastic:wrong"),
            "Basic " + base64(":"), "Basic " + base64("\u0000:\u0000"), "Bearer x", "Bearer ", "ApiKey !!!",
            "ApiKey " + base64("id:key"), "ApiKey " + base64("\u00ff\u00fe"), "Basic " + "A".repeat(6_000),
            "Negotiate x", "basic" + "\u00ff".repeat(3), HostileParts.utf8("Basic 💥"));

    private static final List<String> BAD_CONTENT_TYPES = List.of(
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html",
            "application/xml", "", ";", "application/", "/json", "application/json; charset=utf-16",
            "application/json; charset=bogus", "application/json;;;", "APPLICATION/JSON\u0000",
            "application/jsonx", "*/*", "application/json, text/plain", HostileParts.utf8("application/jsön"));

    private static final List<String> MALFORMED_LINES = List.of(
            "Bad Header: x", "X-Nul: a\u0000b", "X-High: \u00ff\u00fe", "NoColon", ": empty-name",
            "X-Folded: a\r\n folded", "X\u0000: y", "X-Tab\t: y", "\u00ff: y", "X-CR: a\rb");

    private final HostileParts parts;
    private final String reader;

    /** {@code reader}: the {@code Authorization} of a user who may only read, which some requests carry. */
    HostileHeaders(HostileParts parts, String reader) {
        this.parts = parts;
        this.reader = reader;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The header lines for a request; {@code body} is null when there is none. */
    List<String> forRequest(HostileRequests.Route route, String method, String body, int port, List<String> notes) {
        List<String> lines = new ArrayList<>();
        lines.add("Host: 127.0.0.1:" + port);
        lines.add("Authorization: " + (parts.chance(0.15) ? reader : Api.authorization()));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            lines.add("kbn-xsrf: true");
        }
        if (body != null) {
            lines.add("Content-Type: application/json");
            lines.add("Content-Length: " + body.length());
        }
        if (parts.chance(0.35)) {
            for (int i = parts.between(1, 2); i > 0; i--) {
                spoil(lines, body, notes);
            }
        }
        return lines;
    }

    private void spoil(List<String> lines, String body, List<String> notes) {
        int choice = parts.between(0, 17);
        notes.add("headers " + choice);
        switch (choice) {
            case 0 -> remove(lines, "Authorization:");
            case 1 -> replace(lines, "Authorization:", "Authorization: " + parts.pick(BAD_AUTHORIZATIONS));
            case 2 -> lines.add("Authorization: " + parts.pick(BAD_AUTHORIZATIONS));
            case 3 -> remove(lines, "kbn-xsrf:");
            case 4 -> host(lines, notes);
            case 5 -> replace(lines, "Content-Type:", "Content-Type: " + parts.pick(BAD_CONTENT_TYPES));
            case 6 -> lines.add("Content-Type: " + parts.pick(BAD_CONTENT_TYPES));
            case 7 -> lines.add("X-Large: " + "v".repeat(parts.between(7_000, 40_000)));
            case 8 -> manyHeaders(lines);
            case 9 -> malformed(lines, notes);
            case 10 -> lines.add("Expect: 100-continue");
            case 11 -> lines.add("Content-Encoding: " + parts.pick(List.of("gzip", "deflate", "br", "x-bogus")));
            case 12 -> lines.add("Accept: " + parts.pick(List.of("text/html", "application/xml", "", "*/*;q=x")));
            case 13 -> lines.add("Idempotency-Key: " + parts.pick(List.of("", "k".repeat(5_000),
                    HostileParts.utf8("💥"), "\u00ff", parts.word(8))));
            case 14 -> chunked(lines, body);
            case 15 -> framing(lines, body, notes);
            case 16 -> lines.add("es-security-runas-user: " + parts.pick(List.of(parts.word(6), "", "elastic",
                    HostileParts.utf8("ü"), "a\u0000b", "x".repeat(3_000))));
            default -> lines.add(parts.pick(List.of("X-Forwarded-For: " + parts.word(5), "Forwarded: for=\"[::1",
                    "X-Forwarded-Proto: gopher", "X-Forwarded-Prefix: /../..", "kbn-version: " + parts.word(4),
                    "Cookie: sid=" + "c".repeat(parts.between(1, 6_000)), "Origin: null", "Referer: %%",
                    "X-Forwarded-Host: " + HostileParts.utf8("ü"))));
        }
    }

    private void host(List<String> lines, List<String> notes) {
        switch (parts.between(0, 3)) {
            case 0 -> remove(lines, "Host:");
            case 1 -> lines.add("Host: other.example");
            default -> replace(lines, "Host:", "Host: " + parts.pick(List.of("", "[::1", "a b", "\u00ff", "h:99999")));
        }
    }

    private void manyHeaders(List<String> lines) {
        for (int i = parts.between(100, 600); i > 0; i--) {
            lines.add("X-Many-" + i + ": " + parts.word(20));
        }
    }

    private void malformed(List<String> lines, List<String> notes) {
        lines.add(parts.between(0, lines.size()), parts.pick(MALFORMED_LINES));
        notes.add("close");
    }

    private void chunked(List<String> lines, String body) {
        if (body != null) {
            remove(lines, "Content-Length:");
            lines.add(CHUNKED);
        }
    }

    /** Framing the server must refuse or read strictly: the rest of the connection is not to be trusted after it. */
    private void framing(List<String> lines, String body, List<String> notes) {
        notes.add("close");
        int length = body == null ? 0 : body.length();
        remove(lines, "Content-Length:");
        switch (parts.between(0, 5)) {
            case 0 -> {
                lines.add("Content-Length: " + length);
                lines.add("Transfer-Encoding: chunked");
            }
            case 1 -> lines.add("Content-Length: -1");
            case 2 -> lines.add("Content-Length: abc");
            case 3 -> lines.add("Content-Length: " + length + ", " + (length + 1));
            // A shorter body, never an empty one: no route may read an empty body (which some take as {}).
            case 4 -> lines.add("Content-Length: " + Math.max(1, length / 2));
            default -> lines.add("Transfer-Encoding: " + parts.pick(List.of("gzip, chunked", "chunked, chunked")));
        }
    }

    private static void remove(List<String> lines, String prefix) {
        lines.removeIf(line -> line.regionMatches(true, 0, prefix, 0, prefix.length()));
    }

    private static void replace(List<String> lines, String prefix, String line) {
        remove(lines, prefix);
        lines.add(line);
    }

    /** The body as it goes on the wire: chunked when a {@code Transfer-Encoding} ends with chunked. */
    static String framed(String body, List<String> lines) {
        if (lines.stream().noneMatch(line -> line.startsWith("Transfer-Encoding:") && line.endsWith("chunked"))) {
            return body;
        }
        StringBuilder chunks = new StringBuilder();
        for (int start = 0; start < body.length(); start += 8192) {
            String chunk = body.substring(start, Math.min(body.length(), start + 8192));
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return chunks.append("0\r\n\r\n").toString();
    }
}
