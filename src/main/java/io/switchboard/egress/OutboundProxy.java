package io.switchboard.egress;

import io.switchboard.egress.EgressException.Kind;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The configured outbound proxy ({@code xpack.actions.proxyUrl}), reached as Kibana's proxy agents reach it: a
 * plain-http target is requested from the proxy in absolute form, an https target through a CONNECT tunnel that
 * carries {@code xpack.actions.proxyHeaders}; the proxy itself may be reached over TLS, checked per
 * {@code xpack.actions.ssl.proxyVerificationMode}.
 *
 * <p>Vert.x's own proxy support can neither add headers to CONNECT nor speak TLS to the proxy. So clients for https
 * targets are pointed at a relay on the loopback interface instead: for each tunnel the relay sends the real CONNECT
 * through {@link #client()} and, once the proxy accepts, only copies bytes. The relay serves this process alone: it
 * asks for a random credential made at start-up. When the proxy refuses a tunnel the relay answers with the proxy's
 * status (in {@link #STATUS_HEADER}); when the proxy cannot be reached it answers 502 with {@link #FAILURE_HEADER}
 * describing why.
 */
final class OutboundProxy {

    /** Set on the relay's refusals: the status and reason phrase the proxy answered the CONNECT with. */
    static final String STATUS_HEADER = "x-switchboard-proxy-status";
    /** Set on the relay's answer when the proxy could not be reached: {@code <kind>|<code>|<message>}. */
    static final String FAILURE_HEADER = "x-switchboard-proxy-failure";

    private static final String RELAY_USER = "switchboard";
    private static final Logger LOG = Logger.getLogger(OutboundProxy.class);

    private final Vertx vertx;
    private final ProxySettings settings;
    private final HttpClient client;
    private final Duration connectTimeout;
    private final String relayPassword;
    private final byte[] relayAuthorization;
    private HttpServer relay;

    OutboundProxy(Vertx vertx, ProxySettings settings, HttpClient client, Duration connectTimeout) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = client;
        this.connectTimeout = connectTimeout;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.relayPassword = HexFormat.of().formatHex(random);
        this.relayAuthorization = ("Basic " + Base64.getEncoder().encodeToString(
                (RELAY_USER + ":" + relayPassword).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    ProxySettings settings() {
        return settings;
    }

    /** The pooled client connected to the proxy itself. */
    HttpClient client() {
        return client;
    }

    /** Proxy options that send a Vert.x client's tunnels through the relay, which is started on first use. */
    synchronized ProxyOptions relayOptions() throws EgressException {
        if (relay == null) {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
            server.requestHandler(this::tunnel);
            try {
                relay = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.errorf("the loopback proxy relay could not start: %s", e.toString());
                throw new EgressException(Kind.CONNECTION, null, "the outbound proxy relay could not start");
            }
        }
        return new ProxyOptions().setType(ProxyType.HTTP).setHost("127.0.0.1").setPort(relay.actualPort())
                .setUsername(RELAY_USER).setPassword(relayPassword).setConnectTimeout(connectTimeout);
    }

    synchronized void close() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
        client.close();
    }

    private void tunnel(HttpServerRequest request) {
        String presented = request.getHeader(HttpHeaders.PROXY_AUTHORIZATION);
        if (request.method() != HttpMethod.CONNECT) {
            refuse(request, 405, "Method Not Allowed", null);
            return;
        }
        if (presented == null
                || !MessageDigest.isEqual(relayAuthorization, presented.getBytes(StandardCharsets.UTF_8))) {
            refuse(request, 407, "Proxy Authentication Required", null);
            return;
        }
        String authority = request.uri();
        HostAndPort target = HostAndPort.parseAuthority(authority, -1);
        if (target == null || target.port() < 0) {
            refuse(request, 400, "Bad Request", null);
            return;
        }
        MultiMap headers = HttpHeaders.headers();
        settings.connectHeaders().forEach(headers::add);
        RequestOptions connect = new RequestOptions()
                .setMethod(HttpMethod.CONNECT)
                .setHost(settings.host())
                .setPort(settings.port())
                .setSsl(settings.tls())
                .setURI(authority)
                .setConnectTimeout(connectTimeout.toMillis())
                .setHeaders(headers);
        client.request(connect)
                .compose(sending -> sending
                        // The outcome is handled below; a later close of the tunnel is not an error to log.
                        .exceptionHandler(ignored -> { })
                        .authority(target)
                        .connect())
                .onComplete(answered -> {
                    if (answered.failed()) {
                        refuse(request, 502, "Bad Gateway", answered.cause());
                        return;
                    }
                    HttpClientResponse response = answered.result();
                    if (response.statusCode() != 200) {
                        refuse(request, response.statusCode(), response.statusMessage(), null);
                        response.request().connection().close();
                        return;
                    }
                    NetSocket upstream = response.netSocket();
                    request.toNetSocket().onComplete(accepted -> {
                        if (accepted.failed()) {
                            upstream.close();
                            return;
                        }
                        splice(accepted.result(), upstream);
                    });
                });
    }

    private static void splice(NetSocket downstream, NetSocket upstream) {
        downstream.closeHandler(closed -> upstream.close());
        upstream.closeHandler(closed -> downstream.close());
        downstream.exceptionHandler(failure -> downstream.close());
        upstream.exceptionHandler(failure -> upstream.close());
        downstream.pipeTo(upstream);
        upstream.pipeTo(downstream);
    }

    /**
     * Answers a CONNECT the relay cannot carry. When the proxy could not be reached, the reason phrase names the
     * failure (clients that read only the status line, such as Jakarta Mail, still learn why) and
     * {@link #FAILURE_HEADER} carries it for {@link Failures#tunnelRefusal}.
     */
    private void refuse(HttpServerRequest request, int status, String reason, Throwable failure) {
        EgressException described = failure == null ? null : Failures.map(failure, Target.proxy(settings), null,
                new HttpEgress.Call(connectTimeout.toMillis()));
        String phrase = (described != null ? described.getMessage() : reason == null ? "" : reason)
                .replaceAll("[\\r\\n]", " ");
        var response = request.response().setStatusCode(status).setStatusMessage(phrase)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(STATUS_HEADER, status + " " + phrase);
        if (described != null) {
            response.putHeader(FAILURE_HEADER, described.kind() + "|"
                    + (described.code() == null ? "" : described.code()) + "|" + described.getMessage());
        }
        response.end().onComplete(done -> request.connection().close());
    }
}
