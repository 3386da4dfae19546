package io.switchboard.support;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** One WireMock server on loopback standing in for third-party SaaS APIs, shared by the tests of a JVM. */
public final class WireMockPeer {

    private static WireMockServer server;

    private WireMockPeer() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String url(String path) {
        return "http://127.0.0.1:" + server().port() + path;
    }
}
