package io.switchboard.support;

import org.codelibs.opensearch.runner.OpenSearchRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real single-node OpenSearch cluster inside the test JVM, on loopback, started once and shared by every test
 * that needs a search engine.
 */
public final class OpenSearchNode {

    private static OpenSearchNode instance;

    private final OpenSearchRunner runner;
    private final int httpPort;

    private OpenSearchNode(OpenSearchRunner runner, int httpPort) {
        this.runner = runner;
        this.httpPort = httpPort;
    }

    public static synchronized OpenSearchNode start() {
        if (instance == null) {
            System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
            try {
                Path home = Files.createTempDirectory("opensearch-");
                int base = freePortPair();
                OpenSearchRunner runner = new OpenSearchRunner();
                runner.setMaxHttpPort(base + 10);
                runner.onBuild((number, settings) -> {
                    settings.put("network.host", "127.0.0.1");
                    settings.put("discovery.type", "single-node");
                    settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
                    settings.put("transport.port", Integer.toString(base + 5));
                }).build(OpenSearchRunner.newConfigs().clusterName("switchboard-test").numOfNode(1)
                        .baseHttpPort(base).basePath(home.toString()).disableESLogger());
                runner.ensureYellow();
                instance = new OpenSearchNode(runner, base + 1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        runner.close();
                        runner.clean();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A port p such that p+1 (HTTP) is free too, as the runner binds base+1. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket socket = new ServerSocket(0)) {
                candidate = socket.getLocalPort();
            }
            if (candidate > 60000) {
                continue;
            }
            try (ServerSocket http = new ServerSocket(candidate + 1); ServerSocket transport = new ServerSocket(candidate + 5)) {
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair found");
    }
}
