package io.switchboard.egress;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.switchboard.egress.EgressException.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ProxyOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.mail.Session;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place SMTP sessions are made, under the same outbound rules as HTTP: the server's name is resolved here
 * and every address checked against {@code switchboard.egress.deniedCidrs}, then the session connects to the address
 * it checked (TLS still names and verifies the host); {@code xpack.actions.proxyUrl} carries the connection when its
 * host rules include the server; certificates are checked per {@code xpack.actions.ssl.verificationMode} or the
 * host's {@code customHostSettings}; and every timeout is bounded by the execution's deadline. Connectors never build
 * their own mail session.
 */
@Singleton
public class SmtpSessions {

    /**
     * One SMTP server as a connector addresses it.
     *
     * @param secure     TLS from the first byte; otherwise STARTTLS when the server offers it
     * @param requireTls fail unless the server upgrades to TLS (STARTTLS)
     * @param ignoreTls  never upgrade to TLS
     * @param ssl        the host's {@code customHostSettings} TLS entry (CA, verification mode), or null
     */
    public record Target(String host, int port, boolean secure, boolean requireTls, boolean ignoreTls,
                         CustomHostSettings.Ssl ssl) {
    }

    /** Jakarta Mail's report of a CONNECT the proxy answered with anything but 200. */
    private static final Pattern PROXY_REFUSAL = Pattern.compile(
            "^connection through proxy \\S+ to \\S+ failed: HTTP/\\d(?:\\.\\d)? (\\d{3}(?: .*)?)$");
    private static final String TRUST_ALL = "none";
    private static final String DEFAULT_TRUST = "";

    private final Vertx vertx;
    private final EgressSettings settings;
    private final HttpEgress http;
    /** Keyed by {@link #TRUST_ALL}, {@link #DEFAULT_TRUST} or the CA certificates in PEM. */
    private final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();

    @Inject
    public SmtpSessions(Vertx vertx, EgressSettings settings, HttpEgress http) {
        this.vertx = vertx;
        this.settings = settings;
        this.http = http;
    }

    /**
     * A session for one send, to be connected before {@code deadline}.
     *
     * <p>As nodemailer does, an unencrypted and unauthenticated connection upgrades to TLS when offered but does not
     * check the certificate; otherwise certificates are checked per the verification mode. A host's custom settings
     * may name another mode, and their CA certificates replace the default trust.
     *
     * @throws EgressException when the server's name does not resolve, resolves to a denied address, the CA cannot
     *                         be read, or no time is left
     */
    public Session session(Target target, boolean authenticated, Instant deadline) throws EgressException {
        long budgetMillis = Math.min(settings.responseTimeout().toMillis(),
                Duration.between(Instant.now(), deadline).toMillis());
        HttpEgress.Call call = new HttpEgress.Call(budgetMillis);
        if (budgetMillis <= 0) {
            throw connectionTimeout();
        }
        String host = target.host();
        Optional<OutboundProxy> proxy = http.proxyFor(host);
        InetAddress address = http.resolveAndCheck(host, proxy.isPresent(), call);

        String protocol = target.secure() ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        // Through a proxy the proxy resolves the name; otherwise connect to the address just checked.
        String connectTo = proxy.isEmpty() ? address.getHostAddress() : host.contains(":") ? "[" + host + "]" : host;
        properties.put(prefix + "host", connectTo);
        properties.put(prefix + "port", Integer.toString(target.port()));
        properties.put(prefix + "auth", Boolean.toString(authenticated));
        // As nodemailer does, a message goes to the recipients the server accepts even when it refuses others.
        properties.put(prefix + "sendpartial", "true");
        properties.put(prefix + "connectiontimeout", Long.toString(budgetMillis));
        properties.put(prefix + "timeout", Long.toString(budgetMillis));
        properties.put(prefix + "writetimeout", Long.toString(budgetMillis));
        if (!target.secure()) {
            properties.put(prefix + "starttls.enable", Boolean.toString(!target.ignoreTls()));
            properties.put(prefix + "starttls.required", Boolean.toString(target.requireTls() && !target.ignoreTls()));
        }
        String mode = !target.secure() && !authenticated ? "none" : settings.verificationMode();
        String ca = null;
        if (target.ssl() != null) {
            mode = target.ssl().verificationMode() != null ? target.ssl().verificationMode() : mode;
            ca = target.ssl().certificateAuthoritiesData();
        }
        // The host is verified by ServerTls against the configured name, not the address connected to.
        properties.put(prefix + "ssl.checkserveridentity", "false");
        properties.put(prefix + "ssl.socketFactory", new ServerTls(context(mode, ca), host, "full".equals(mode)));
        if (proxy.isPresent()) {
            ProxyOptions relay = proxy.get().relayOptions();
            properties.put(prefix + "proxy.host", relay.getHost());
            properties.put(prefix + "proxy.port", Integer.toString(relay.getPort()));
            properties.put(prefix + "proxy.user", relay.getUsername());
            properties.put(prefix + "proxy.password", relay.getPassword());
        }
        return Session.getInstance(properties);
    }

    /**
     * A connection the proxy would not open, in nodemailer's words plus the proxy's reason, such as
     * {@code Invalid response from proxy: 407 Proxy Authentication Required}; empty for any other failure. Jakarta
     * Mail reports the loopback relay's address, which would mean nothing to an operator.
     */
    public static Optional<String> proxyRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && t.getMessage() != null) {
                Matcher refusal = PROXY_REFUSAL.matcher(t.getMessage());
                if (refusal.find()) {
                    return Optional.of("Invalid response from proxy: " + refusal.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A failed TLS handshake with {@code host} (implicit TLS or STARTTLS) in Node's words, as the HTTP connectors
     * report one; empty for any other failure.
     */
    public static Optional<String> tlsFailure(Throwable failure, String host) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return Optional.of(Failures.tls(ssl, host).getMessage());
            }
        }
        return Optional.empty();
    }

    /** nodemailer's words when there is no time left to connect. */
    private static EgressException connectionTimeout() {
        return new EgressException(Kind.TIMEOUT, "ETIMEDOUT", "Connection timeout");
    }

    private SSLContext context(String mode, String ca) throws EgressException {
        if (!EgressSettings.VERIFICATION_MODES.contains(mode)) {
            throw new EgressException(Kind.TLS, null, "verificationMode must be one of none, certificate, full");
        }
        String key = TRUST_ALL.equals(mode) ? TRUST_ALL : ca == null || ca.isBlank() ? DEFAULT_TRUST : ca;
        SSLContext context = contexts.get(key);
        if (context == null) {
            context = newContext(key);
            contexts.putIfAbsent(key, context);
        }
        return context;
    }

    private SSLContext newContext(String key) throws EgressException {
        TrustManager[] trust;
        if (TRUST_ALL.equals(key)) {
            trust = InsecureTrustManagerFactory.INSTANCE.getTrustManagers();
        } else if (DEFAULT_TRUST.equals(key)) {
            trust = null;
        } else {
            try {
                trust = new PemTrustOptions().addCertValue(Buffer.buffer(key)).getTrustManagerFactory(vertx)
                        .getTrustManagers();
            } catch (Exception e) {
                throw new EgressException(Kind.TLS, null, "the certificate authorities (ca) could not be read");
            }
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new EgressException(Kind.TLS, null, "TLS is not available: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Wraps the connected socket in TLS for {@code hostname} (server name indication and, in full mode, the
     * certificate's names), whichever address the socket was connected to. Jakarta Mail only ever asks an SSL
     * socket factory to layer TLS over a socket it connected; the other forms are refused so that no connection
     * can bypass the address check.
     */
    private static final class ServerTls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String hostname;
        private final boolean verifyHostname;

        ServerTls(SSLContext context, String hostname, boolean verifyHostname) {
            this.delegate = context.getSocketFactory();
            this.hostname = hostname;
            this.verifyHostname = verifyHostname;
        }

        @Override
        public Socket createSocket(Socket socket, String ignoredHost, int port, boolean autoClose) throws IOException {
            SSLSocket tls = (SSLSocket) delegate.createSocket(socket, hostname, port, autoClose);
            if (verifyHostname) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
            }
            return tls;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw unconnected();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw unconnected();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw unconnected();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            throw unconnected();
        }

        private static SocketException unconnected() {
            return new SocketException("TLS is only layered over a connection SmtpSessions checked");
        }
    }
}
