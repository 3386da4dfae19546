package io.switchboard.render;

import java.nio.charset.StandardCharsets;

/** JavaScript's {@code encodeURI} and {@code encodeURIComponent}, with their {@code URI malformed} error. */
final class JsUri {

    private static final String ALWAYS_KEPT = "-_.!~*'()";
    private static final String KEPT_IN_URI = ";,/?:@&=+$#";

    private JsUri() {
    }

    static Lambdas.Outcome encodeUri(String text) {
        String encoded = encode(text, ALWAYS_KEPT + KEPT_IN_URI);
        return encoded != null
                ? Lambdas.Outcome.ok(encoded)
                : Lambdas.Outcome.failed("error evaluating encodeURI(\"" + text + "\"): URI malformed");
    }

    static Lambdas.Outcome encodeUriComponent(String text) {
        String encoded = encode(text, ALWAYS_KEPT);
        return encoded != null
                ? Lambdas.Outcome.ok(encoded)
                : Lambdas.Outcome.failed("error evaluating encodeURIComponent(\"" + text + "\"): URI malformed");
    }

    /** Percent-encodes UTF-8 bytes of all but ASCII letters, digits and {@code kept}; null for a lone surrogate. */
    private static String encode(String text, String kept) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || kept.indexOf(c) >= 0) {
                out.append(c);
                continue;
            }
            String character;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return null;
                }
                character = text.substring(i, i + 2);
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return null;
            } else {
                character = String.valueOf(c);
            }
            for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
