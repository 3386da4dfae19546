package io.switchboard.url;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases checked against Node's {@code new URL(input, base)} and the URL Standard's examples. */
class WhatwgUrlTest {

    private static WhatwgUrl url(String input) {
        Optional<WhatwgUrl> parsed = WhatwgUrl.parse(input);
        assertTrue(parsed.isPresent(), () -> "should parse: " + input);
        assertTrue(WhatwgUrl.isValid(input), input);
        return parsed.get();
    }

    private static void hostname(String expected, String input) {
        assertEquals(expected, url(input).hostname(), input);
    }

    private static void href(String expected, String input) {
        assertEquals(expected, url(input).href(), input);
    }

    private static void invalid(String input) {
        assertEquals(Optional.empty(), WhatwgUrl.parse(input), input);
        assertFalse(WhatwgUrl.isValid(input), input);
    }

    @Test
    void hostnamesAsNodeGivesThem() {
        hostname("hooks.slack.com", "https://HOOKS.Slack.com/services/T/B/x");
        hostname("example.com", "  http:\\\\example.com\\path ");
        hostname("example.com", "http://user:pass@example.com:8080/");
        hostname("example.com", "https://ex%61mple.com/");
        hostname("10.0.0.1", "http://012.0.0.1/");
        hostname("192.168.0.1", "http://3232235521/");
        hostname("[::1]", "http://[::1]:9200/");
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
    void internationalNamesAreHeldInPunycode() {
        WhatwgUrl books = url("https://bücher.example/");
        assertEquals("xn--bcher-kva.example", books.hostname());
        assertEquals(WhatwgUrl.HostKind.DOMAIN, books.host().orElseThrow().kind());
        assertEquals("https://xn--bcher-kva.example/", books.href());
        hostname("xn--bcher-kva.example", "https://BÜCHER.example/");
        hostname("xn--bcher-kva.example", "https://b%C3%BCcher.example/");
        // UTS #46 without transitional processing: ß stays ß (IDNA 2003 would have made it "ss")
        hostname("xn--fa-hia.example", "http://faß.example/");
        // full-width dots and letters are mapped
        hostname("example.com", "http://ｅｘａｍｐｌｅ．ｃｏｍ/");
        hostname("xn--53h.example", "http://☕.example/");
        invalid("http://xn--a.example/");
        invalid("http://b%FFcher.example/");
    }

    @Test
    void underscoresAndOtherNonLdhCharactersStayInHostNames() {
        hostname("my_host.internal", "http://my_host.internal/");
        hostname("my_host.internal", "http://MY_HOST.internal:8080/x");
        hostname("-lead.example", "http://-lead.example/");
        hostname("a--b.example", "http://a--b.example/");
        hostname("*.example", "http://*.example/");
    }

    @Test
    void hostsEndingInANumberAreIpv4AddressesInAnyOfTheirForms() {
        for (String shorthand : new String[] {"0x7f.1", "0X7F.0.0.1", "2130706433", "127.1", "0177.0.0.1",
                "127.0.0.1.", "0x7f000001", "127.0.1"}) {
            WhatwgUrl parsed = url("http://" + shorthand + ":8080/hook");
            assertEquals("127.0.0.1", parsed.hostname(), shorthand);
            WhatwgUrl.Host host = parsed.host().orElseThrow();
            assertEquals(WhatwgUrl.HostKind.IPV4, host.kind(), shorthand);
            assertArrayEquals(new byte[] {127, 0, 0, 1}, host.address().orElseThrow(), shorthand);
        }
        hostname("0.0.0.0", "http://0x/");
        invalid("http://256.0.0.1/");
        invalid("http://1.2.3.4.5/");
        invalid("http://1.2.3.256");
        invalid("http://09.1/");
        invalid("http://4294967296/");
        invalid("http://1.0x100.0.0/");
        // not ending in a number: a name, not an address
        WhatwgUrl name = url("http://1.2.3.4x/");
        assertEquals(WhatwgUrl.HostKind.DOMAIN, name.host().orElseThrow().kind());
        assertTrue(name.host().orElseThrow().address().isEmpty());
    }

    @Test
    void ipv6AddressesAreCompressedAndHeldWithoutZone() {
        WhatwgUrl loopback = url("http://[0:0:0:0:0:0:0:1]:9200/");
        assertEquals("[::1]", loopback.hostname());
        assertEquals("::1", loopback.host().orElseThrow().name());
        assertEquals(9200, loopback.port());
        byte[] one = new byte[16];
        one[15] = 1;
        assertArrayEquals(one, loopback.host().orElseThrow().address().orElseThrow());
        hostname("[::ffff:7f00:1]", "http://[::ffff:127.0.0.1]/");
        hostname("[2001:db8::1:0:0:1]", "http://[2001:DB8:0:0:1:0:0:1]/");
        hostname("[fd00:ec2::254]", "http://[fd00:ec2:0::254]/");
        invalid("http://[fe80::1%25eth0]/");
        invalid("http://[fe80::1%eth0]/");
        invalid("http://[::1/");
        invalid("http://[example]/");
        invalid("http://[1:2:3:4:5:6:7:8:9]/");
        invalid("http://[::1::2]/");
        invalid("http://[::127.0.0.256]/");
    }

    @Test
    void userinfoIsKeptPercentEncodedAndLeftOutOfToString() {
        WhatwgUrl withCredentials = url("https://us er:p@ss:w%40rd@example.com/x?y#z");
        assertEquals("us%20er", withCredentials.username());
        assertEquals("p%40ss%3Aw%40rd", withCredentials.password());
        assertEquals("example.com", withCredentials.hostname());
        assertEquals("https://us%20er:p%40ss%3Aw%40rd@example.com/x?y#z", withCredentials.href());
        assertEquals("https://example.com/x?y#z", withCredentials.toString());
        assertFalse(url("http://:@example.com/").includesCredentials());
        href("http://example.com/", "http://:@example.com/");
        href("http://u@example.com/", "http://u:@example.com/");
        invalid("http://user@/path");
        invalid("http://user@");
    }

    @Test
    void serialisationMatchesNode() {
        href("http://example.com/", "HTTP://EXAMPLE.COM");
        href("http://example.com/a%20b/c?d%20e=%22f%22&g=%27h%27#i%20j", "http://example.com/a b/c?d e=\"f\"&g='h'#i j");
        href("foo://x/?a'b", "foo://x/?a'b");
        href("http://example.com/?a%27b", "http://example.com/?a'b");
        href("http://example.com/%E2%98%95?%E2%98%95#%E2%98%95", "http://example.com/☕?☕#☕");
        href("http://example.com/c", "http://example.com/a/./b/../../c");
        href("http://example.com/a/", "http://example.com/a/b/%2e%2E");
        href("http://example.com:8080/", "http://example.com:8080");
        href("https://example.com/", "https://example.com:443/");
        href("http://example.com/x", "http://example.com:/x");
        href("file:///C:/x", "file:///C|/x");
        href("file:///etc/hosts", "file://localhost/etc/hosts");
        href("mailto:ops@example.com", "mailto:ops@example.com");
        href("web+demo:/.//not-a-host/", "web+demo:/.//not-a-host/");
        href("http://example.com/a%09b", "http://example.com/a%09b");
        href("http://example.com/ab", "http://exa\tmple.com/a\nb");
        WhatwgUrl parts = url("https://example.com:8443/path?q=1#frag");
        assertEquals("https:", parts.protocol());
        assertEquals(8443, parts.effectivePort());
        assertEquals("/path", parts.pathname());
        assertEquals("?q=1", parts.search());
        assertEquals("#frag", parts.hash());
        assertEquals(443, url("https://example.com/").effectivePort());
        assertEquals(-1, url("https://example.com/").port());
        assertEquals("", url("http://example.com/?").search());
    }

    @Test
    void relativeReferencesResolveAgainstABase() {
        WhatwgUrl base = url("http://user:pw@example.com:8080/a/b?q#f");
        assertEquals("http://user:pw@example.com:8080/a/c", WhatwgUrl.parse("c", base).orElseThrow().href());
        assertEquals("http://user:pw@example.com:8080/x", WhatwgUrl.parse("/x", base).orElseThrow().href());
        assertEquals("http://other.example/y", WhatwgUrl.parse("//other.example/y", base).orElseThrow().href());
        assertEquals("http://other.example/y", WhatwgUrl.parse("\\\\other.example\\y", base).orElseThrow().href());
        assertEquals("http://user:pw@example.com:8080/a/b?z", WhatwgUrl.parse("?z", base).orElseThrow().href());
        assertEquals("http://user:pw@example.com:8080/a/b?q#g", WhatwgUrl.parse("#g", base).orElseThrow().href());
        assertEquals("http://user:pw@example.com:8080/", WhatwgUrl.parse("../..", base).orElseThrow().href());
        assertEquals("https://127.0.0.1/", WhatwgUrl.parse("https://0x7f.1", base).orElseThrow().href());
        assertEquals("http://user:pw@example.com:8080/a/z", WhatwgUrl.parse("http:z", base).orElseThrow().href());
        assertTrue(WhatwgUrl.parse("//[::1", base).isEmpty());
        assertTrue(WhatwgUrl.parse("x", url("mailto:a@b")).isEmpty());
    }

    @Test
    void whatTheParserRejects() {
        invalid("example.com/do-something");
        invalid("http://");
        invalid("http://exa mple.com");
        invalid("http://example.com:99999/");
        invalid("http://example.com:65536/");
        invalid("http://example.com:8o/");
        invalid("http://exa%mple.com/");
        invalid("http://exa%25mple.com/");
        invalid("http://a^b/");
        invalid("1http://example.com");
        invalid("");
        invalid("fee-fi-fo-fum");
        invalid("/relative");
        invalid("://x");
        invalid("https://:443");
        invalid("http://x<y");
        invalid("http://ex%00ample.com/");
        invalid(null);
    }

    @Test
    void hostNamesAloneGoThroughTheSameHostParser() {
        assertEquals("xn--bcher-kva.example", WhatwgUrl.parseHost("Bücher.Example").orElseThrow().name());
        assertEquals("127.0.0.1", WhatwgUrl.parseHost("0x7f.1").orElseThrow().name());
        assertEquals("::1", WhatwgUrl.parseHost("::1").orElseThrow().name());
        assertEquals("::1", WhatwgUrl.parseHost("[0::1]").orElseThrow().name());
        assertEquals("my_host.internal", WhatwgUrl.parseHost("my_host.internal").orElseThrow().name());
        assertTrue(WhatwgUrl.parseHost("").isEmpty());
        assertTrue(WhatwgUrl.parseHost("exa mple.com").isEmpty());
        assertTrue(WhatwgUrl.parseHost("fe80::1%eth0").isEmpty());
    }

    @Test
    void failureTextIsNodes() {
        assertEquals("TypeError: Invalid URL: nope", WhatwgUrl.failure("nope"));
    }
}
