package io.switchboard.egress;

import io.switchboard.egress.EgressException.Kind;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one outbound HTTP client. Every connector sends through {@link #send}; none builds its own client.
 *
 * <p>For each hop (the first URL and every redirect, up to {@value #MAX_REDIRECTS}) it checks
 * {@code xpack.actions.allowedHosts}, resolves the hostname itself and checks every address against
 * {@code switchboard.egress.deniedCidrs}, then connects to the address it checked (the Host header and SNI keep the
 * hostname), so a DNS answer that changes between check and connect cannot reach a denied address. Through a
 * proxy the proxy resolves the name: a name that resolves here is still checked, one that does not is left to it.
 * How the proxy is reached is {@link OutboundProxy}'s business.
 *
 * <p>Every URL, the first and each {@code Location}, is read by {@link io.switchboard.url.WhatwgUrl}, the parser
 * connector validation uses, and a {@code Location} is resolved against the current URL as the URL Standard does:
 * the host checked, resolved and connected to is the host validation saw. An IP host ({@code 0x7f.1},
 * {@code [::1]}) is taken as the address the parser read and never handed to a resolver, which might read it
 * otherwise.
 *
 * <p>The effective deadline is the earlier of the caller's and {@code xpack.actions.responseTimeout}; it covers
 * name resolution, connecting, every redirect and the whole body. The body is streamed and the call aborted as
 * soon as it passes {@code xpack.actions.maxResponseContentLength}.
 *
 * <p>Thread model: {@link #send} blocks its caller (a virtual or worker thread; never an event loop) and is safe
 * to call concurrently. Connections are pooled and kept alive in one Vert.x client per TLS/proxy configuration.
 *
 * <p>Nothing here logs or puts into a message a header value, a body, a query string or userinfo.
 */
@Singleton
public class HttpEgress {

    /** How long a call waits for an unread response's connection to close before it returns. */
    private static final Duration DISCARD_WAIT = Duration.ofSeconds(2);

    static final int MAX_REDIRECTS = 20;
    static final int MAX_CLIENTS = 32;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> COMPUTED_HEADERS = Set.of("content-length", "transfer-encoding");
    private static final Logger LOG = Logger.getLogger(HttpEgress.class);
    private static final ExecutorService RESOLVER = Executors.newVirtualThreadPerTaskExecutor();

    private final EgressSettings settings;
    private final TlsClients clients;
    private final Optional<OutboundProxy> proxy;

    @Inject
    public HttpEgress(Vertx vertx, EgressSettings settings) {
        this.settings = settings;
        this.clients = new TlsClients(vertx, settings, MAX_CLIENTS);
        this.proxy = settings.proxy().map(proxySettings -> {
            try {
                return new OutboundProxy(vertx, proxySettings, clients.proxyClient(proxySettings),
                        settings.responseTimeout());
            } catch (EgressException e) {
                throw new IllegalArgumentException("xpack.actions.proxyUrl: " + e.getMessage());
            }
        });
    }

    /**
     * Sends {@code request}, following redirects, and returns the final response whatever its status.
     *
     * @param deadline when the caller gives up; the earlier of this and {@code xpack.actions.responseTimeout} applies
     * @throws EgressException when no complete response arrived in time, or a rule refused the call
     */
    public OutboundResponse send(OutboundRequest request, Instant deadline) throws EgressException {
        return send(request, deadline, true);
    }

    /**
     * Sends to a service the operator configured (such as {@code elasticsearch.hosts}) rather than a URL a connector
     * holds: {@code xpack.actions.allowedHosts} does not apply, as it does not to Kibana's own cluster, and userinfo
     * in the URL is not turned into an {@code Authorization}: the request carries the service's own credentials.
     * Every other rule, the denied address ranges included, applies.
     */
    public OutboundResponse sendToConfiguredService(OutboundRequest request, Instant deadline) throws EgressException {
        return send(request, deadline, false);
    }

    /**
     * @param connectorUrl whether the URL is a connector's: then {@code xpack.actions.allowedHosts} applies, and
     *                     userinfo in the URL becomes the {@code Authorization}, as axios makes it for Kibana
     */
    private OutboundResponse send(OutboundRequest request, Instant deadline, boolean connectorUrl)
            throws EgressException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(deadline, "deadline");
        long budgetMillis = Math.min(settings.responseTimeout().toMillis(),
                Duration.between(Instant.now(), deadline).toMillis());
        Call call = new Call(budgetMillis);
        if (budgetMillis <= 0) {
            throw call.timeout();
        }
        String method = checkMethod(request.method());
        byte[] body = request.body();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            checkHeader(header.getKey(), header.getValue());
            if (!COMPUTED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        Target target = Target.parse(request.url());
        for (int redirects = 0; ; redirects++) {
            if (connectorUrl && !settings.isHostnameAllowed(target.host())) {
                throw new EgressException(Kind.HOST_NOT_ALLOWED, null, "target hostname \"" + target.host()
                        + "\" is not added to the Kibana config xpack.actions.allowedHosts");
            }
            Optional<OutboundProxy> via = proxyFor(target.host());
            InetAddress address = resolveAndCheck(target.host(), target.literal(), via.isPresent(), call);
            Optional<String> urlCredentials = connectorUrl ? target.basicAuthorization() : Optional.empty();
            urlCredentials.ifPresent(authorization -> {
                // As axios: credentials in the URL replace any Authorization header.
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("authorization"));
                headers.put("Authorization", authorization);
            });
            Exchange exchange;
            if (via.isPresent() && !target.ssl()) {
                exchange = exchange(via.get().client(), target, address, via.get(), method, headers, body, call);
            } else {
                HttpClient client = clients.clientFor(target, request.tls(),
                        via.isPresent() ? via.get().relayOptions() : null);
                exchange = exchange(client, target, via.isPresent() ? null : address, null, method, headers, body,
                        call);
            }
            if (LOG.isDebugEnabled()) {
                // Guarded: the redacted URL is built only when the line is written, not for every request.
                LOG.debugf("%s %s -> %d", method, target.redacted(), exchange.status());
            }
            if (exchange.location() == null) {
                return new OutboundResponse(exchange.status(), exchange.statusText(), exchange.headers(),
                        exchange.body());
            }
            if (redirects == MAX_REDIRECTS) {
                throw new EgressException(Kind.CONNECTION, "ERR_FR_TOO_MANY_REDIRECTS",
                        "Maximum number of redirects exceeded");
            }
            Target next = target.resolve(exchange.location());
            int status = exchange.status();
            if ((status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"))) {
                method = "GET";
                body = null;
                headers.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("content-"));
            }
            boolean sameSite = next.host().equals(target.host()) || next.host().endsWith("." + target.host());
            boolean downgrade = target.ssl() && !next.ssl();
            if (!sameSite || downgrade) {
                // Credentials meant for one site are not handed to another, as browsers and follow-redirects do.
                headers.keySet().removeIf(name -> Set.of("authorization", "proxy-authorization", "cookie", "host")
                        .contains(name.toLowerCase(Locale.ROOT)));
            }
            target = next;
        }
    }

    @PreDestroy
    void close() {
        clients.closeAll();
        proxy.ifPresent(OutboundProxy::close);
    }

    /** The proxy that carries connections to {@code hostname}, if one is configured and its rules include it. */
    Optional<OutboundProxy> proxyFor(String hostname) {
        return proxy.filter(p -> p.settings().appliesTo(hostname));
    }

    /**
     * Resolves {@code host} (unless it is an address literal) and checks every address against
     * {@code switchboard.egress.deniedCidrs}.
     *
     * @param proxied whether a proxy will resolve the name: then a name that does not resolve here is left to it
     * @return the checked address to connect to, or null when {@code proxied} and the name did not resolve here
     */
    InetAddress resolveAndCheck(String host, boolean proxied, Call call) throws EgressException {
        byte[] literal = AddressRange.literal(host);
        try {
            return resolveAndCheck(host, literal == null ? null : InetAddress.getByAddress(literal), proxied, call);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * As {@link #resolveAndCheck(String, boolean, Call)} for a host whose address, if it is an IP host, the URL
     * parser already read: {@code literal} is checked as it is, with no lookup, so that no resolver can read the
     * host differently ({@code 0x7f.1} is {@code 127.0.0.1} here as in validation).
     */
    InetAddress resolveAndCheck(String host, InetAddress literal, boolean proxied, Call call) throws EgressException {
        InetAddress[] addresses;
        try {
            addresses = literal != null ? new InetAddress[]{literal} : lookup(host, call);
        } catch (UnknownHostException e) {
            if (proxied) {
                return null;
            }
            throw new EgressException(Kind.CONNECTION, "ENOTFOUND", "getaddrinfo ENOTFOUND " + host);
        }
        for (InetAddress address : addresses) {
            InetAddress normalised = AddressRange.normalise(address);
            Optional<String> denied = settings.deniedRangeOf(normalised);
            if (denied.isPresent()) {
                throw new EgressException(Kind.ADDRESS_DENIED, null, "target hostname \"" + host
                        + "\" resolves to " + normalised.getHostAddress() + ", which is in the denied range "
                        + denied.get() + " (switchboard.egress.deniedCidrs)");
            }
        }
        return AddressRange.normalise(addresses[0]);
    }

    private static InetAddress[] lookup(String host, Call call) throws UnknownHostException, EgressException {
        Future<InetAddress[]> lookup = RESOLVER.submit(() -> InetAddress.getAllByName(host));
        try {
            InetAddress[] addresses = lookup.get(call.remainingNanos(), TimeUnit.NANOSECONDS);
            if (addresses.length == 0) {
                throw new UnknownHostException(host);
            }
            return addresses;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new EgressException(Kind.CONNECTION, "EAI_FAIL", "getaddrinfo EAI_FAIL " + host);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw call.timeout();
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw call.aborted();
        }
    }

    /**
     * One request and its response.
     *
     * @param address   the checked address to connect to, or null to let the connection resolve the name
     * @param forwarder the proxy to ask for {@code target} in absolute form (plain-http targets), or null
     */
    private Exchange exchange(HttpClient client, Target target, InetAddress address, OutboundProxy forwarder,
                              String method, Map<String, String> headers, byte[] body, Call call)
            throws EgressException {
        long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(call.remainingNanos()));
        MultiMap requestHeaders = HttpHeaders.headers();
        headers.forEach(requestHeaders::add);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setFollowRedirects(false)
                .setConnectTimeout(remainingMillis)
                .setHeaders(requestHeaders);
        Target peer = target;
        if (forwarder != null) {
            ProxySettings proxySettings = forwarder.settings();
            peer = Target.proxy(proxySettings);
            options.setHost(proxySettings.host()).setPort(proxySettings.port()).setSsl(proxySettings.tls())
                    .setURI(target.absoluteForm());
            String authorization = proxySettings.forwardAuthorization();
            if (authorization != null) {
                requestHeaders.set(HttpHeaders.PROXY_AUTHORIZATION, authorization);
            }
        } else {
            options.setHost(target.authorityHost()).setPort(target.port()).setSsl(target.ssl())
                    .setURI(target.pathAndQuery());
            if (address != null) {
                options.setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, target.port())));
            }
        }
        long cap = settings.maxResponseContentLength();
        CompletableFuture<Exchange> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        AtomicReference<CompletableFuture<Void>> discarding = new AtomicReference<>();
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                result.completeExceptionally(created.cause());
                return;
            }
            HttpClientRequest sending = created.result();
            // Set first: an abort resets the request, and Vert.x logs errors that have no handler.
            sending.exceptionHandler(result::completeExceptionally);
            if (forwarder != null) {
                sending.authority(HostAndPort.authority(target.authorityHost(),
                        target.port() == 80 ? -1 : target.port()));
            }
            inFlight.set(sending);
            if (result.isDone()) {
                sending.reset();
                return;
            }
            (body == null ? sending.send() : sending.send(Buffer.buffer(body))).onComplete(answered -> {
                if (answered.failed()) {
                    result.completeExceptionally(answered.cause());
                    return;
                }
                receive(answered.result(), sending, cap, result, discarding);
            });
        });
        try {
            Exchange exchange = result.get(call.remainingNanos(), TimeUnit.NANOSECONDS);
            awaitDiscarded(discarding);
            return exchange;
        } catch (TimeoutException e) {
            result.cancel(false);
            abort(inFlight.get());
            throw call.timeout();
        } catch (InterruptedException e) {
            result.cancel(false);
            abort(inFlight.get());
            Thread.currentThread().interrupt();
            throw call.aborted();
        } catch (ExecutionException e) {
            awaitDiscarded(discarding);
            abort(inFlight.get());
            if (e.getCause() instanceof EgressException egress) {
                throw egress;
            }
            Exchange refused = Failures.tunnelRefusal(e.getCause());
            if (refused != null) {
                return refused;
            }
            throw Failures.map(e.getCause(), peer, address, call);
        }
    }

    private static void receive(HttpClientResponse response, HttpClientRequest request, long cap,
                                CompletableFuture<Exchange> result,
                                AtomicReference<CompletableFuture<Void>> discarding) {
        // Set first: a reset below is reported here, and Vert.x logs errors that have no handler.
        response.exceptionHandler(failure -> result.completeExceptionally(failure));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : response.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue());
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        String location = REDIRECTS.contains(response.statusCode()) ? response.getHeader("location") : null;
        if (location != null) {
            // The redirect's own body is of no use; closing the connection is cheaper than reading it.
            result.complete(new Exchange(response.statusCode(), response.statusMessage(), headers, new byte[0],
                    location));
            discard(request, discarding);
            return;
        }
        long declared = declaredLength(response);
        if (declared > cap) {
            result.completeExceptionally(tooLarge(cap));
            discard(request, discarding);
            return;
        }
        Buffer received = Buffer.buffer((int) Math.max(0, Math.min(declared, cap)));
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            if ((long) received.length() + chunk.length() > cap) {
                result.completeExceptionally(tooLarge(cap));
                discard(request, discarding);
                return;
            }
            received.appendBuffer(chunk);
        });
        response.endHandler(end -> result.complete(new Exchange(response.statusCode(), response.statusMessage(),
                headers, received.getBytes(), null)));
    }

    private static long declaredLength(HttpClientResponse response) {
        String length = response.getHeader("content-length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static EgressException tooLarge(long cap) {
        return new EgressException(Kind.RESPONSE_TOO_LARGE, "ERR_BAD_RESPONSE",
                "maxContentLength size of " + cap + " exceeded");
    }

    /**
     * Closes the connection of a response left unread, so that the pool never hands it to the next request while it
     * is still closing (which would fail that request with a hang-up).
     */
    private static void discard(HttpClientRequest request, AtomicReference<CompletableFuture<Void>> discarding) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        discarding.set(closed);
        HttpConnection connection = request.connection();
        if (connection == null) {
            request.reset();
            closed.complete(null);
            return;
        }
        connection.close().onComplete(done -> closed.complete(null));
    }

    private static void awaitDiscarded(AtomicReference<CompletableFuture<Void>> discarding) {
        CompletableFuture<Void> closing = discarding.get();
        if (closing == null) {
            return;
        }
        try {
            closing.get(DISCARD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The connection is going away either way; the pool drops it once closed.
        }
    }

    private static void abort(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }

    private static String checkMethod(String method) throws EgressException {
        String upper = method.strip().toUpperCase(Locale.ROOT);
        if (upper.isEmpty() || !upper.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new EgressException(Kind.INVALID_URL, "ERR_INVALID_HTTP_TOKEN", "Method must be a valid HTTP token");
        }
        return upper;
    }

    private static void checkHeader(String name, String value) throws EgressException {
        if (name == null || name.isEmpty()
                || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new EgressException(Kind.INVALID_URL, "ERR_INVALID_HTTP_TOKEN",
                    "Header name must be a valid HTTP token");
        }
        if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new EgressException(Kind.INVALID_URL, "ERR_INVALID_CHAR",
                    "Invalid character in header content [\"" + name + "\"]");
        }
    }

    /** What one hop produced; {@code location} is set when the hop is a redirect to follow. */
    record Exchange(int status, String statusText, Map<String, List<String>> headers, byte[] body, String location) {
    }

    /** The time budget of one {@link #send}, shared by all its hops. */
    static final class Call {
        private final long budgetMillis;
        private final long deadlineNanos;

        Call(long budgetMillis) {
            this.budgetMillis = budgetMillis;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMillis));
        }

        long remainingNanos() {
            return Math.max(0, deadlineNanos - System.nanoTime());
        }

        /** The timeout error as axios words it, so service messages read as Kibana's do. */
        EgressException timeout() {
            return new EgressException(Kind.TIMEOUT, "ECONNABORTED",
                    "timeout of " + Math.max(0, budgetMillis) + "ms exceeded");
        }

        EgressException aborted() {
            return new EgressException(Kind.CONNECTION, "ECONNABORTED", "request aborted");
        }
    }

    /** Closes clients no longer cached once any call that might still use them is over. */
    static void closeLater(Vertx vertx, HttpClient client, Duration grace) {
        vertx.setTimer(Math.max(1, grace.toMillis()), id -> client.close());
    }

    /**
     * A client whose connections report their failures to the request they serve only: a peer that resets or drops a
     * connection is that peer's failure, already in the execution's result, not an error of Switchboard's to log.
     */
    static HttpClient createClient(Vertx vertx, HttpClientOptions options, int maxConnectionsPerHost) {
        return vertx.httpClientBuilder().with(options).with(poolOptions(maxConnectionsPerHost))
                .withConnectHandler(connection -> connection.exceptionHandler(failure ->
                        LOG.debugf("outbound connection to %s failed: %s", connection.remoteAddress(), failure)))
                .build();
    }

    static HttpClientOptions baseOptions() {
        return new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setDecompressionSupported(false)
                .setMaxRedirects(0);
    }

    static PoolOptions poolOptions(int maxConnectionsPerHost) {
        return new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost).setMaxWaitQueueSize(-1);
    }
}
