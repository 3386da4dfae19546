package io.switchboard.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server answering as an Elasticsearch cluster would, for the failure cases a real node cannot be made to
 * produce on demand. A test profile needs its address before the application starts, possibly from another class
 * loader than the test's, so the port is kept in a system property and tests stub it through WireMock's client.
 */
public final class ElasticsearchStub {

    private static final String PORT = "switchboard.test.elasticsearch-stub.port";

    private ElasticsearchStub() {
    }

    public static synchronized int port() {
        String known = System.getProperty(PORT);
        if (known != null) {
            return Integer.parseInt(known);
        }
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.setProperty(PORT, Integer.toString(server.port()));
        return server.port();
    }

    public static String url() {
        return "http://127.0.0.1:" + port();
    }

    public static WireMock client() {
        return new WireMock("127.0.0.1", port());
    }
}
