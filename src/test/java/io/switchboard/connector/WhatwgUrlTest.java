package io.switchboard.connector;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases checked against Node's {@code new URL(input).hostname}. */
class WhatwgUrlTest {

    private static void hostname(String expected, String input) {
        assertEquals(Optional.of(expected), WhatwgUrl.hostname(input), input);
        assertTrue(WhatwgUrl.isValid(input), input);
    }

    private static void invalid(String input) {
        assertEquals(Optional.empty(), WhatwgUrl.hostname(input), input);
        assertFalse(WhatwgUrl.isValid(input), input);
    }

    @Test
    void hostnamesAsNodeGivesThem() {
        hostname("hooks.slack.com", "https://HOOKS.Slack.com/services/T/B/x");
        hostname("example.com", "  http:\\\\example.com\\path ");
        hostname("example.com", "http://user:pass@example.com:8080/");
        hostname("xn--bcher-kva.example", "https://bücher.example/");
        hostname("example.com", "https://ex%61mple.com/");
        hostname("127.0.0.1", "http://127.1/");
        hostname("127.0.0.1", "http://0x7f.0.0.1/");
        hostname("10.0.0.1", "http://012.0.0.1/");
        hostname("192.168.0.1", "http://3232235521/");
        hostname("::1", "http://[::1]:9200/");
        hostname("", "mailto:ops@example.com");
        hostname("", "file:///etc/hosts");
        hostname("Host", "foo://Host/x");
        hostname("example.com", "http://example.com:00080/");
        hostname("hooks.slack.com", "  https://user:pw@hooks.slack.com:443/a b");
        hostname("example.com", "https:example.com/x");
        hostname("x.example.com", "http:x.example.com");
        hostname("", "foo:bar");
        hostname("0.0.3.231", "http://999");
    }

    @Test
    void whatTheParserRejects() {
        invalid("example.com/do-something");
        invalid("http://");
        invalid("http://exa mple.com");
        invalid("http://example.com:99999/");
        invalid("http://example.com:8o/");
        invalid("http://user@/path");
        invalid("http://256.0.0.1/");
        invalid("http://1.2.3.4.5/");
        invalid("http://[::1/");
        invalid("http://[example]/");
        invalid("http://exa%mple.com/");
        invalid("1http://example.com");
        invalid("");
        invalid("fee-fi-fo-fum");
        invalid("/relative");
        invalid("://x");
        invalid("https://:443");
        invalid("http://x<y");
        invalid("http://user@");
        invalid("http://1.2.3.256");
    }

    @Test
    void failureTextIsNodes() {
        assertEquals("TypeError: Invalid URL: nope", WhatwgUrl.failure("nope"));
    }
}
