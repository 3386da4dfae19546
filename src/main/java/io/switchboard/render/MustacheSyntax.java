package io.switchboard.render;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax errors mustache.js reports, with its exact wording and positions ({@code Unclosed tag at 4}), found by
 * walking the tags the way its parser does. Only errors are reported here; jmustache does the parsing and rendering.
 * jmustache is more lenient (an unclosed {@code {{a} } is text to it) and words its errors differently, and Kibana
 * shows mustache.js's message to users.
 */
final class MustacheSyntax {

    private static final Pattern WHITESPACE = Pattern.compile("\\s*");
    private static final Pattern EQUALS = Pattern.compile("\\s*=");
    private static final Pattern CURLY = Pattern.compile("\\s*\\}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String TAG_TYPES = "#^/>{&=!";

    private final String template;
    private int pos;
    private Pattern openingTag;
    private Pattern closingTag;
    private Pattern closingCurly;

    private MustacheSyntax(String template) {
        this.template = template;
    }

    /** mustache.js's error message for the template, or null when it parses. */
    static String errorOf(String template) {
        try {
            new MustacheSyntax(template).walk();
            return null;
        } catch (SyntaxError error) {
            return error.getMessage();
        }
    }

    private void walk() {
        useTags("{{", "}}");
        Deque<String> sections = new ArrayDeque<>();
        while (pos < template.length()) {
            scanUntil(openingTag);
            int start = pos;
            if (scan(openingTag) == null) {
                break;
            }
            char type = pos < template.length() && TAG_TYPES.indexOf(template.charAt(pos)) >= 0
                    ? template.charAt(pos++)
                    : 'n';
            scan(WHITESPACE);
            String value;
            if (type == '=') {
                value = scanUntil(EQUALS);
                scan(EQUALS);
                scanUntil(closingTag);
            } else if (type == '{') {
                value = scanUntil(closingCurly);
                scan(CURLY);
                scanUntil(closingTag);
            } else {
                value = scanUntil(closingTag);
            }
            if (scan(closingTag) == null) {
                throw new SyntaxError("Unclosed tag at " + pos);
            }
            if (type == '#' || type == '^') {
                sections.push(value);
            } else if (type == '/') {
                String open = sections.poll();
                if (open == null) {
                    throw new SyntaxError("Unopened section \"" + value + "\" at " + start);
                }
                if (!open.equals(value)) {
                    throw new SyntaxError("Unclosed section \"" + open + "\" at " + start);
                }
            } else if (type == '=') {
                String[] tags = SPACES.split(value, -1);
                if (tags.length < 2) {
                    throw new SyntaxError("Invalid tags: " + value);
                }
                useTags(tags[0], tags[1]);
            }
        }
        if (!sections.isEmpty()) {
            throw new SyntaxError("Unclosed section \"" + sections.peek() + "\" at " + pos);
        }
    }

    private void useTags(String open, String close) {
        openingTag = Pattern.compile(Pattern.quote(open) + "\\s*");
        closingTag = Pattern.compile("\\s*" + Pattern.quote(close));
        closingCurly = Pattern.compile("\\s*" + Pattern.quote("}" + close));
    }

    /** Consumes a match that starts right here, or nothing (null). */
    private String scan(Pattern pattern) {
        Matcher matcher = pattern.matcher(template).region(pos, template.length());
        if (!matcher.lookingAt()) {
            return null;
        }
        pos = matcher.end();
        return matcher.group();
    }

    /** Consumes everything before the next match, or the rest when there is none. */
    private String scanUntil(Pattern pattern) {
        Matcher matcher = pattern.matcher(template).region(pos, template.length());
        int end = matcher.find() ? matcher.start() : template.length();
        String skipped = template.substring(pos, end);
        pos = end;
        return skipped;
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }
}
