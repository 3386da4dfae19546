package io.switchboard.alertmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Alertmanager (the Debian package's binary) on a free loopback port, with clustering off, its own storage
 * and a configuration given by the test. Closing it kills the process and removes its files.
 */
final class AlertmanagerProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final Process process;
    private final Path directory;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** Starts Alertmanager with the given alertmanager.yml and waits until it answers. */
    static AlertmanagerProcess start(String config) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the prometheus-alertmanager package "
                    + "(.ci/run does so when it runs as root)");
        }
        Path directory = Files.createTempDirectory("alertmanager-test");
        Files.writeString(directory.resolve("alertmanager.yml"), config);
        int port = freePort();
        Process process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + directory.resolve("alertmanager.yml"),
                "--storage.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=debug")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("alertmanager.log").toFile())
                .start();
        AlertmanagerProcess alertmanager = new AlertmanagerProcess(process, directory, port);
        try {
            alertmanager.awaitReady();
        } catch (AssertionError | IOException e) {
            alertmanager.close();
            throw e;
        }
        return alertmanager;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Alertmanager exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(uri("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Alertmanager not ready within 20 s:\n" + log());
    }

    /** Posts alerts to Alertmanager's API, as Prometheus does. */
    void postAlerts(String alertsJson) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alertsJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("Alertmanager refused the alerts: " + response.statusCode() + " "
                    + response.body());
        }
    }

    String log() {
        try {
            return Files.readString(directory.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alertmanager's notification lines in its log, for a failing test's message. */
    List<String> notificationLog() {
        return log().lines().filter(line -> line.contains("notify") || line.contains("webhook")).toList();
    }
}
