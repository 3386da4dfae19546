package io.switchboard.egress;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.switchboard.egress.EgressException.Kind;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Map;

/**
 * Maps what Vert.x and the JDK throw to an {@link EgressException} worded like Node's errors, which is what
 * Kibana's connectors put into service messages. Messages name hosts and addresses only.
 */
final class Failures {

    private Failures() {
    }

    static EgressException map(Throwable failure, Target target, InetAddress address, HttpEgress.Call call) {
        String peer = (address != null ? address.getHostAddress() : target.host()) + ":" + target.port();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EgressException egress) {
                return egress;
            }
            if (t instanceof SSLException ssl) {
                return tls(ssl, target.host());
            }
            if (t instanceof ProxyConnectException) {
                return new EgressException(Kind.CONNECTION, null, "the proxy refused the connection to "
                        + target.host() + ":" + target.port());
            }
            if (t instanceof ConnectTimeoutException) {
                return call.timeout();
            }
            if (t instanceof NoRouteToHostException) {
                return new EgressException(Kind.CONNECTION, "EHOSTUNREACH", "connect EHOSTUNREACH " + peer);
            }
            if (t instanceof ConnectException connect) {
                String message = String.valueOf(connect.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("unreachable")) {
                    return new EgressException(Kind.CONNECTION, "ENETUNREACH", "connect ENETUNREACH " + peer);
                }
                return new EgressException(Kind.CONNECTION, "ECONNREFUSED", "connect ECONNREFUSED " + peer);
            }
            if (t instanceof UnknownHostException) {
                // Only the proxy's own name can fail here: target names were resolved before connecting.
                return new EgressException(Kind.CONNECTION, "ENOTFOUND", "getaddrinfo ENOTFOUND (proxy)");
            }
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException
                    || t instanceof StreamResetException) {
                return new EgressException(Kind.CONNECTION, "ECONNRESET", "socket hang up");
            }
            if (t instanceof IOException io && String.valueOf(io.getMessage()).toLowerCase(Locale.ROOT)
                    .contains("reset")) {
                return new EgressException(Kind.CONNECTION, "ECONNRESET", "read ECONNRESET");
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("Connection was closed")) {
            return new EgressException(Kind.CONNECTION, "ECONNRESET", "socket hang up");
        }
        return new EgressException(Kind.CONNECTION, null,
                "request to " + target.host() + " failed (" + failure.getClass().getSimpleName() + ")");
    }

    /**
     * The outcome of a tunnel the proxy relay refused, or null when {@code failure} is something else. As with
     * Kibana's proxy agent, the proxy's own answer stands for the response, so a 407 or 502 from the proxy reads as
     * that status; when the proxy could not be reached at all, the relay's account of why becomes the error.
     */
    static HttpEgress.Exchange tunnelRefusal(Throwable failure) throws EgressException {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpProxyHandler.HttpProxyConnectException refused && refused.headers() != null) {
                String unreachable = refused.headers().get(OutboundProxy.FAILURE_HEADER);
                if (unreachable != null) {
                    String[] parts = unreachable.split("\\|", 3);
                    if (parts.length == 3) {
                        Kind kind = parts[0].equals(Kind.TLS.name()) ? Kind.TLS
                                : parts[0].equals(Kind.TIMEOUT.name()) ? Kind.TIMEOUT : Kind.CONNECTION;
                        throw new EgressException(kind, parts[1].isEmpty() ? null : parts[1], parts[2]);
                    }
                }
                String status = refused.headers().get(OutboundProxy.STATUS_HEADER);
                if (status != null && status.matches("\\d{3}( .*)?")) {
                    return new HttpEgress.Exchange(Integer.parseInt(status.substring(0, 3)),
                            status.length() > 4 ? status.substring(4) : "", Map.of(), new byte[0], null);
                }
            }
        }
        return null;
    }

    /** A failed TLS handshake with {@code host}, as Node words the common causes. */
    static EgressException tls(SSLException ssl, String host) {
        for (Throwable t = ssl; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return new EgressException(Kind.TLS, "CERT_HAS_EXPIRED", "certificate has expired");
            }
            if (t instanceof CertificateNotYetValidException) {
                return new EgressException(Kind.TLS, "CERT_NOT_YET_VALID", "certificate is not yet valid");
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return new EgressException(Kind.TLS, "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                        "unable to verify the first certificate");
            }
            if (t instanceof CertificateException cert) {
                String message = String.valueOf(cert.getMessage());
                if (message.contains("No subject alternative") || message.contains("No name matching")) {
                    return new EgressException(Kind.TLS, "ERR_TLS_CERT_ALTNAME_INVALID",
                            "Hostname/IP does not match certificate's altnames: Host: " + host
                                    + ". is not in the cert's altnames");
                }
            }
        }
        return new EgressException(Kind.TLS, "EPROTO", "TLS handshake with " + host + " failed");
    }
}
