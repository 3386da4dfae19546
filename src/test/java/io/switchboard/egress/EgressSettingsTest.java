package io.switchboard.egress;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressSettingsTest {

    @Test
    void defaultsAreKibanas() throws Exception {
        EgressSettings settings = EgressFixture.settings(Map.of());
        assertEquals(Duration.ofSeconds(60), settings.responseTimeout());
        assertEquals(1024 * 1024, settings.maxResponseContentLength());
        assertEquals(List.of("*"), settings.allowedHosts().hosts());
        assertEquals("full", settings.verificationMode());
        assertTrue(settings.proxy().isEmpty());
        assertEquals(List.of("169.254.169.254/32", "fd00:ec2::254/128"), settings.deniedCidrs());
        assertEquals(Optional.of("169.254.169.254/32"),
                settings.deniedRangeOf(InetAddress.getByName("169.254.169.254")));
        assertEquals(Optional.of("fd00:ec2::254/128"), settings.deniedRangeOf(InetAddress.getByName("fd00:ec2::254")));
        assertTrue(settings.deniedRangeOf(InetAddress.getByName("169.254.169.253")).isEmpty());
        assertEquals(4096, settings.maxConnectionsPerHost());
        assertEquals(10, EgressFixture.settings(Map.of("switchboard.egress.maxConnectionsPerHost", "10"))
                .maxConnectionsPerHost());
    }

    @Test
    void durationsAndByteSizesUseKibanasNotation() {
        assertEquals(Duration.ofMillis(500), EgressSettings.duration("s", "500ms"));
        assertEquals(Duration.ofSeconds(60), EgressSettings.duration("s", "60s"));
        assertEquals(Duration.ofMinutes(1), EgressSettings.duration("s", "1m"));
        assertEquals(Duration.ofMillis(1500), EgressSettings.duration("s", "1500"));
        assertEquals(Duration.ofSeconds(2), EgressSettings.duration("s", "PT2S"));
        assertEquals(1024 * 1024, EgressSettings.byteSize("s", "1mb"));
        assertEquals(500 * 1024, EgressSettings.byteSize("s", "500KB"));
        assertEquals(1024, EgressSettings.byteSize("s", "1024b"));
        assertEquals(2048, EgressSettings.byteSize("s", "2048"));
    }

    @Test
    void invalidValuesStopStartupNamingTheSetting() {
        assertStops("xpack.actions.responseTimeout", Map.of("xpack.actions.responseTimeout", "soon"));
        assertStops("xpack.actions.responseTimeout", Map.of("xpack.actions.responseTimeout", "0s"));
        assertStops("xpack.actions.maxResponseContentLength", Map.of("xpack.actions.maxResponseContentLength", "1 lot"));
        assertStops("xpack.actions.ssl.verificationMode", Map.of("xpack.actions.ssl.verificationMode", "strict"));
        assertStops("xpack.actions.ssl.proxyVerificationMode",
                Map.of("xpack.actions.ssl.proxyVerificationMode", "nope"));
        assertStops("switchboard.egress.deniedCidrs", Map.of("switchboard.egress.deniedCidrs", "10.0.0.0/33"));
        assertStops("switchboard.egress.deniedCidrs", Map.of("switchboard.egress.deniedCidrs", "metadata.internal"));
        assertStops("xpack.actions.proxyUrl", Map.of("xpack.actions.proxyUrl", "socks5://proxy:1080"));
        assertStops("switchboard.egress.maxConnectionsPerHost", Map.of("switchboard.egress.maxConnectionsPerHost", "0"));
        assertStops("switchboard.egress.maxConnectionsPerHost",
                Map.of("switchboard.egress.maxConnectionsPerHost", "many"));
        assertStops("xpack.actions.proxyHeaders", Map.of("xpack.actions.proxyUrl", "http://proxy:3128",
                "xpack.actions.proxyHeaders.X-Bad", "a\r\nInjected: yes"));
        assertStops("xpack.actions.customHostSettings[0].url",
                Map.of("xpack.actions.customHostSettings[0].url", "ftp://files.example.com"));
        assertStops("xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesFiles",
                Map.of("xpack.actions.customHostSettings[0].url", "https://a.example.com",
                        "xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesFiles[0]", "/no/such/ca.pem"));
    }

    @Test
    void ipv4MappedBlocksAndAddressesCompareAsIpv4() throws Exception {
        EgressSettings settings = EgressFixture.settings(Map.of("switchboard.egress.deniedCidrs",
                "::ffff:10.0.0.0/104,127.0.0.0/8"));
        assertEquals(Optional.of("::ffff:10.0.0.0/104"), settings.deniedRangeOf(InetAddress.getByName("10.1.2.3")));
        InetAddress mapped = InetAddress.getByAddress(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
                (byte) 0xff, 127, 0, 0, 1});
        assertEquals(Optional.of("127.0.0.0/8"), settings.deniedRangeOf(mapped));
        assertTrue(settings.deniedRangeOf(InetAddress.getByName("::1")).isEmpty());
    }

    @Test
    void customHostSettingsMatchOnCanonicalUrl() {
        EgressSettings settings = EgressFixture.settings(Map.of(
                "xpack.actions.customHostSettings[0].url", "https://Secure.Example.com",
                "xpack.actions.customHostSettings[0].ssl.verificationMode", "certificate",
                "xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesData", "-----BEGIN CERTIFICATE-----",
                "xpack.actions.customHostSettings[1].url", "smtp://mail.example.com",
                "xpack.actions.customHostSettings[1].smtp.requireTLS", "true",
                "xpack.actions.customHostSettings[1].smtp.ignoreTLS", "true"));
        CustomHostSettings https = settings.customHostSettings("https://secure.example.com:443/some/path?x=1")
                .orElseThrow();
        assertEquals("https://secure.example.com:443", https.url());
        assertEquals("certificate", https.ssl().verificationMode());
        assertTrue(settings.customHostSettings("https://secure.example.com:8443/").isEmpty());
        assertTrue(settings.customHostSettings("http://secure.example.com/").isEmpty());
        CustomHostSettings smtp = settings.customHostSettings("smtp://mail.example.com:25").orElseThrow();
        assertEquals(new CustomHostSettings.Smtp(false, true), smtp.smtp());
        assertTrue(settings.customHostSettings("not a url").isEmpty());
    }

    @Test
    void customHostSettingsMatchTheHostTheUrlParserReads() {
        EgressSettings settings = EgressFixture.settings(Map.of(
                "xpack.actions.customHostSettings[0].url", "https://bücher.example",
                "xpack.actions.customHostSettings[0].ssl.verificationMode", "none",
                "xpack.actions.customHostSettings[1].url", "https://127.0.0.1:8443",
                "xpack.actions.customHostSettings[1].ssl.verificationMode", "certificate"));
        assertEquals("none", settings.customHostSettings("https://xn--bcher-kva.example/hook").orElseThrow()
                .ssl().verificationMode());
        assertEquals("certificate", settings.customHostSettings("https://0x7f.1:8443/hook").orElseThrow()
                .ssl().verificationMode());
        assertEquals(Optional.of("https://[::1]:443"), EgressSettings.canonicalUrl("https://[0::1]/x"));
        assertTrue(EgressSettings.canonicalUrl("https://[fe80::1%25eth0]/").isEmpty());
    }

    @Test
    void allowedHostsAreComparedOnTheHostTheUrlParserReads() {
        AllowedHosts allowed = EgressFixture.settings(Map.of("xpack.actions.allowedHosts",
                "Bücher.Example,127.0.0.1,my_host.internal,[::1]")).allowedHosts();
        assertEquals(List.of("xn--bcher-kva.example", "127.0.0.1", "my_host.internal", "::1"), allowed.hosts());
        assertTrue(allowed.isUriAllowed("https://bücher.example/hook"));
        assertTrue(allowed.isUriAllowed("https://xn--bcher-kva.example/hook"));
        assertTrue(allowed.isUriAllowed("http://0x7f.1:8080/"));
        assertTrue(allowed.isUriAllowed("http://2130706433/"));
        assertTrue(allowed.isUriAllowed("http://127.1/"));
        assertTrue(allowed.isUriAllowed("http://user:pw@MY_HOST.internal/"));
        assertTrue(allowed.isUriAllowed("http://[0:0::1]:9200/"));
        assertTrue(allowed.isHostnameAllowed("BÜCHER.example"));
        assertFalse(allowed.isUriAllowed("http://bucher.example/"));
        assertFalse(allowed.isUriAllowed("http://127.0.0.2/"));
        assertFalse(allowed.isUriAllowed("http://[fe80::1%25eth0]/"));
        assertFalse(allowed.isUriAllowed("mailto:ops@127.0.0.1"));
        assertFalse(allowed.isUriAllowed("not a url"));
        assertFalse(allowed.isHostnameAllowed(null));
        assertEquals("target url \"http://bucher.example/\" is not added to the Kibana config "
                + "xpack.actions.allowedHosts", AllowedHosts.uriNotAllowedMessage("http://u:s3cret@bucher.example/"));
    }

    @Test
    void proxyHostListsAndCredentials() {
        EgressSettings bypass = EgressFixture.settings(Map.of(
                "xpack.actions.proxyUrl", "http://proxy.example.com:3128",
                "xpack.actions.proxyBypassHosts", "Direct.example.com",
                "xpack.actions.proxyOnlyHosts", "only.example.com",
                "xpack.actions.proxyHeaders.Proxy-Authorization", "Basic dXNlcjpwYXNz"));
        ProxySettings proxy = bypass.proxy().orElseThrow();
        assertEquals("proxy.example.com", proxy.host());
        assertEquals(3128, proxy.port());
        assertFalse(proxy.tls());
        assertEquals("Basic dXNlcjpwYXNz", proxy.forwardAuthorization());
        assertEquals(Map.of("Proxy-Authorization", "Basic dXNlcjpwYXNz"), proxy.connectHeaders());
        assertFalse(proxy.appliesTo("direct.example.com"));
        assertTrue(proxy.appliesTo("other.example.com"), "proxyOnlyHosts is ignored when both lists are set");
        assertFalse(proxy.toString().contains("dXNlcjpwYXNz"), proxy.toString());

        ProxySettings only = EgressFixture.settings(Map.of(
                "xpack.actions.proxyUrl", "http://u:p@proxy.example.com",
                "xpack.actions.proxyOnlyHosts", "only.example.com")).proxy().orElseThrow();
        assertEquals(80, only.port());
        assertEquals("Basic dTpw", only.forwardAuthorization(), "userinfo credentials, base64 of u:p");
        assertEquals(Map.of("Proxy-Authorization", "Basic dTpw"), only.connectHeaders());

        ProxySettings secure = EgressFixture.settings(Map.of("xpack.actions.proxyUrl", "https://[::1]",
                "xpack.actions.ssl.proxyVerificationMode", "certificate")).proxy().orElseThrow();
        assertTrue(secure.tls());
        assertEquals(443, secure.port());
        assertEquals("::1", secure.host());
        assertEquals("https://[::1]:443", secure.url());
        assertEquals("certificate", secure.verificationMode());
        assertTrue(only.appliesTo("only.example.com"));
        assertFalse(only.appliesTo("other.example.com"));
        assertEquals(Set.of("only.example.com"), only.onlyHosts());
    }

    private static void assertStops(String setting, Map<String, String> properties) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EgressFixture.settings(properties));
        assertTrue(e.getMessage().startsWith(setting), () -> "message should name " + setting + ": " + e.getMessage());
    }
}
