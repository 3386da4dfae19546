package io.switchboard.support;

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
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A forwarding HTTP proxy for tests, as squid or tinyproxy behave: CONNECT tunnels for https targets, absolute-form
 * requests forwarded for plain-http ones, optionally over TLS itself and optionally asking for a
 * {@code Proxy-Authorization} value (407 otherwise). Every request it receives is recorded.
 */
public final class ForwardProxy implements AutoCloseable {

    /** One request as the proxy received it. */
    public record Received(String method, String uri, MultiMap headers) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("proxy-authorization", "proxy-connection", "connection",
            "keep-alive", "host", "content-length", "transfer-encoding");

    private final Vertx vertx = Vertx.vertx();
    private final NetClient tunnels = vertx.createNetClient();
    private final HttpClient forwarder = vertx.createHttpClient();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final String requiredAuthorization;
    private final HttpServer server;

    /**
     * @param tls                   serve TLS with the test server certificate
     * @param requiredAuthorization the {@code Proxy-Authorization} value to insist on, or null for none
     */
    public ForwardProxy(boolean tls, String requiredAuthorization) throws Exception {
        this.requiredAuthorization = requiredAuthorization;
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
        if (tls) {
            options.setSsl(true).setKeyCertOptions(new PfxOptions()
                    .setPath(TestCertificates.get().serverStore.toString()).setPassword(TestCertificates.PASSWORD));
        }
        this.server = vertx.createHttpServer(options).requestHandler(this::handle).listen()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
    }

    private void handle(HttpServerRequest request) {
        received.add(new Received(request.method().name(), request.uri(),
                MultiMap.caseInsensitiveMultiMap().addAll(request.headers())));
        if (requiredAuthorization != null
                && !requiredAuthorization.equals(request.getHeader(HttpHeaders.PROXY_AUTHORIZATION))) {
            request.response().setStatusCode(407).putHeader("Proxy-Authenticate", "Basic realm=\"test\"").end();
            return;
        }
        if (request.method() == HttpMethod.CONNECT) {
            tunnel(request);
        } else {
            forward(request);
        }
    }

    private void tunnel(HttpServerRequest request) {
        String authority = request.uri();
        int colon = authority.lastIndexOf(':');
        request.pause();
        tunnels.connect(Integer.parseInt(authority.substring(colon + 1)), authority.substring(0, colon))
                .onComplete(connected -> {
                    if (connected.failed()) {
                        request.response().setStatusCode(502).end();
                        return;
                    }
                    NetSocket upstream = connected.result();
                    request.toNetSocket().onSuccess(downstream -> {
                        downstream.closeHandler(v -> upstream.close());
                        upstream.closeHandler(v -> downstream.close());
                        downstream.pipeTo(upstream);
                        upstream.pipeTo(downstream);
                    });
                });
    }

    private void forward(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        request.body().compose(body -> forwarder.request(new RequestOptions().setMethod(request.method())
                        .setAbsoluteURI(request.uri()).setHeaders(headers))
                .compose(outgoing -> outgoing.send(body)))
                .compose(response -> response.body().map(body -> relay(request, response, body)))
                .onFailure(failure -> request.response().setStatusCode(502).end());
    }

    private static Void relay(HttpServerRequest request, HttpClientResponse response, io.vertx.core.buffer.Buffer body) {
        request.response().setStatusCode(response.statusCode()).setStatusMessage(response.statusMessage());
        response.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                request.response().putHeader(header.getKey(), header.getValue());
            }
        });
        request.response().end(body);
        return null;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
