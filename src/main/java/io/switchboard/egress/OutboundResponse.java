package io.switchboard.egress;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final response after redirects. Every status is a response, not an error: connectors classify statuses
 * themselves. Header names are lower-case; values keep their order.
 */
public record OutboundResponse(int status, String statusText, Map<String, List<String>> headers, byte[] body) {

    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

    /** The body decoded with the charset named by Content-Type, UTF-8 when none or an unknown one is named. */
    public String bodyText() {
        Charset charset = header("content-type").map(OutboundResponse::charsetOf).orElse(StandardCharsets.UTF_8);
        return new String(body, charset);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private static Charset charsetOf(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType);
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (RuntimeException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return "OutboundResponse[" + status + " " + statusText + ", " + body.length + " bytes]";
    }
}
