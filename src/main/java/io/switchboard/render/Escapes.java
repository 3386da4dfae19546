package io.switchboard.render;

import com.samskivert.mustache.Mustache;
import io.switchboard.connector.ConnectorType.TemplateRenderer.Escape;
import io.switchboard.url.WhatwgUrl;

/**
 * Kibana's escape functions for {@code {{value}}} (never for {@code {{{value}}}}), applied to the value's string
 * form. A null value never reaches them: it renders as "" in every mode.
 */
final class Escapes {

    private Escapes() {
    }

    static Mustache.Escaper of(Escape escape) {
        return switch (escape) {
            case NONE -> text -> text;
            case JSON -> Escapes::json;
            case MARKDOWN -> Escapes::markdown;
            case SLACK -> Escapes::slack;
            case HTML -> Escapes::html;
        };
    }

    /** The value as a JSON string, without the surrounding quotes. */
    static String json(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2);
        JsValues.quote(quoted, text);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** Backslash before each character Markdown gives a meaning to. */
    static String markdown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\|`*_{}[]()#+-.!".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Slack has no way to escape {@code *} and {@code _}: a value with either (other than a URL) becomes inline
     * code, where backticks cannot appear and turn into quotes. Otherwise Slack's three HTML entities.
     */
    static String slack(String text) {
        if ((text.indexOf('_') >= 0 || text.indexOf('*') >= 0) && !WhatwgUrl.isValid(text)) {
            return '`' + text.replace('`', '\'') + '`';
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('`', '\'');
    }

    /** mustache.js's own HTML escape. */
    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '/' -> out.append("&#x2F;");
                case '`' -> out.append("&#x60;");
                case '=' -> out.append("&#x3D;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
