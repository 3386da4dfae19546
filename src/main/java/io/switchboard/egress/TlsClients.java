package io.switchboard.egress;

import io.switchboard.egress.EgressException.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.ProxyOptions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pooled Vert.x client per distinct TLS and proxy configuration. Settings come, in order of precedence, from
 * the request's {@link TlsOverrides}, the host's {@code xpack.actions.customHostSettings} entry, and
 * {@code xpack.actions.ssl.verificationMode}. Plain-http targets share one client per proxy choice.
 *
 * <p>Clients are keyed by a digest of their settings (so key material is not held twice) and the least recently
 * used is closed, after a grace period, when more than {@code capacity} are cached.
 */
final class TlsClients {

    private final Vertx vertx;
    private final EgressSettings settings;
    private final int capacity;
    private final Map<String, HttpClient> clients;

    TlsClients(Vertx vertx, EgressSettings settings, int capacity) {
        this.vertx = vertx;
        this.settings = settings;
        this.capacity = capacity;
        this.clients = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * The client for {@code target}: its own TLS settings and, when {@code tunnel} is given, connections made
     * through that proxy.
     */
    HttpClient clientFor(Target target, TlsOverrides overrides, ProxyOptions tunnel) throws EgressException {
        Tls tls = target.ssl() ? effectiveTls(target, overrides) : Tls.PLAIN;
        String key = tls == Tls.PLAIN ? (tunnel != null ? PLAIN_PROXIED : PLAIN_DIRECT) : digest(tls, tunnel != null);
        synchronized (clients) {
            HttpClient existing = clients.get(key);
            if (existing != null) {
                return existing;
            }
        }
        HttpClientOptions options = HttpEgress.baseOptions();
        if (target.ssl()) {
            configure(options, tls);
        }
        if (tunnel != null) {
            options.setProxyOptions(tunnel);
        }
        HttpClient created = HttpEgress.createClient(vertx, options, settings.maxConnectionsPerHost());
        synchronized (clients) {
            HttpClient raced = clients.putIfAbsent(key, created);
            if (raced != null) {
                created.close();
                return raced;
            }
            if (clients.size() > capacity) {
                var eldest = clients.entrySet().iterator().next();
                clients.remove(eldest.getKey());
                HttpEgress.closeLater(vertx, eldest.getValue(), settings.responseTimeout().plus(Duration.ofSeconds(5)));
            }
            return created;
        }
    }

    /**
     * A client connected to the proxy itself, over TLS for an https proxy: verified per
     * {@code xpack.actions.ssl.proxyVerificationMode}, trusting the CA of a {@code customHostSettings} entry for the
     * proxy's URL when there is one.
     */
    HttpClient proxyClient(ProxySettings proxy) throws EgressException {
        HttpClientOptions options = HttpEgress.baseOptions();
        if (proxy.tls()) {
            String ca = settings.customHostSettings(proxy.url()).map(CustomHostSettings::ssl)
                    .map(CustomHostSettings.Ssl::certificateAuthoritiesData).orElse(null);
            configure(options, new Tls(proxy.verificationMode(), ca, null, null, null, null));
        }
        return HttpEgress.createClient(vertx, options, settings.maxConnectionsPerHost());
    }

    void closeAll() {
        synchronized (clients) {
            clients.values().forEach(HttpClient::close);
            clients.clear();
        }
    }

    private Tls effectiveTls(Target target, TlsOverrides overrides) {
        CustomHostSettings.Ssl custom = settings.customHostSettings(target.href())
                .map(CustomHostSettings::ssl).orElse(null);
        String mode = settings.verificationMode();
        String ca = null;
        if (custom != null) {
            mode = custom.verificationMode() != null ? custom.verificationMode() : mode;
            ca = custom.certificateAuthoritiesData();
        }
        if (overrides == null) {
            return new Tls(mode, ca, null, null, null, null);
        }
        if (overrides.verificationMode() != null) {
            mode = overrides.verificationMode().strip().toLowerCase(java.util.Locale.ROOT);
        }
        if (overrides.caPem() != null && !overrides.caPem().isBlank()) {
            ca = overrides.caPem();
        }
        return new Tls(mode, ca, overrides.certificatePem(), overrides.privateKeyPem(), overrides.pfx(),
                overrides.passphrase());
    }

    private void configure(HttpClientOptions options, Tls tls) throws EgressException {
        if (!EgressSettings.VERIFICATION_MODES.contains(tls.mode())) {
            throw new EgressException(Kind.TLS, null, "verificationMode must be one of none, certificate, full");
        }
        options.setSsl(true)
                .setUseAlpn(false)
                .setTrustAll(tls.mode().equals("none"))
                .setVerifyHost(tls.mode().equals("full"));
        if (tls.ca() != null && !tls.mode().equals("none")) {
            PemTrustOptions trust = new PemTrustOptions().addCertValue(Buffer.buffer(tls.ca()));
            try {
                trust.getTrustManagerFactory(vertx);
            } catch (Exception e) {
                throw new EgressException(Kind.TLS, null, "the certificate authorities (ca) could not be read");
            }
            options.setTrustOptions(trust);
        }
        KeyCertOptions keyCert = null;
        if (tls.pfx() != null) {
            keyCert = new PfxOptions().setValue(Buffer.buffer(tls.pfx())).setPassword(tls.passphrase());
        } else if (tls.certificate() != null && tls.key() != null) {
            String key = PrivateKeys.unencrypted(tls.key(), tls.passphrase());
            keyCert = new PemKeyCertOptions().addCertValue(Buffer.buffer(tls.certificate()))
                    .addKeyValue(Buffer.buffer(key));
        }
        if (keyCert != null) {
            try {
                keyCert.getKeyManagerFactory(vertx);
            } catch (Exception e) {
                throw new EgressException(Kind.TLS, null, "the client certificate or key could not be read");
            }
            options.setKeyCertOptions(keyCert);
        }
    }

    // Plain HTTP has nothing to hide or tell apart but the proxy: its keys are computed once.
    private static final String PLAIN_DIRECT = digest(Tls.PLAIN, false);
    private static final String PLAIN_PROXIED = digest(Tls.PLAIN, true);

    private static String digest(Tls tls, boolean proxied) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, proxied ? "proxy" : "direct");
            update(sha, tls.mode());
            update(sha, tls.ca());
            update(sha, tls.certificate());
            update(sha, tls.key());
            sha.update(tls.pfx() == null ? new byte[0] : tls.pfx());
            sha.update((byte) 0);
            update(sha, tls.passphrase());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String value) {
        if (value != null) {
            sha.update((byte) 1);
            sha.update(value.getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
    }

    /** The TLS settings one client is built with. Never printed: it may hold a key. */
    private record Tls(String mode, String ca, String certificate, String key, byte[] pfx, String passphrase) {
        static final Tls PLAIN = new Tls("plain", null, null, null, null, null);

        @Override
        public String toString() {
            return "Tls[" + mode + "]";
        }
    }
}
