package io.switchboard.process;

import io.switchboard.support.Api;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application started as operators start it: {@code java -Dquarkus.http.port=PORT
 * -Dquarkus.config.locations=CONFIG.yml -jar quarkus-run.jar} with {@code SWITCHBOARD_DATA_DIR} set.
 */
final class RunningSwitchboard implements AutoCloseable {

    private static final Path APP = Path.of(System.getProperty("switchboard.app.dir", "target/quarkus-app"))
            .resolve("quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    final int port;
    private volatile String authorization = Api.authorization();

    private RunningSwitchboard(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the application and waits until {@code /q/health/ready} answers 200. */
    static RunningSwitchboard start(Path dataDirectory, String configYaml) throws Exception {
        return start(dataDirectory, configYaml, true);
    }

    /**
     * Starts the application as {@link #start(Path, String)} does; without a bootstrap password, the superuser's
     * password is the one the application generates (read it from {@link #log()} and pass it to
     * {@link #authenticateAs}).
     */
    static RunningSwitchboard start(Path dataDirectory, String configYaml, boolean bootstrapPassword)
            throws Exception {
        RunningSwitchboard app = launch(dataDirectory, configYaml, bootstrapPassword);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!app.process.isAlive()) {
                throw new IllegalStateException("Switchboard exited with " + app.process.exitValue() + ":\n" + app.log());
            }
            try {
                if (app.get("/q/health/ready").statusCode() == 200) {
                    return app;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(200);
        }
        app.close();
        throw new IllegalStateException("Switchboard did not become ready:\n" + app.log());
    }

    /** Starts the application and waits for it to exit, for configurations that must be refused. */
    static String startExpectingFailure(Path dataDirectory, String configYaml) throws Exception {
        try (RunningSwitchboard app = launch(dataDirectory, configYaml, true)) {
            if (!app.process.waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Switchboard started although it should not have:\n" + app.log());
            }
            if (app.process.exitValue() == 0) {
                throw new IllegalStateException("Switchboard exited with 0:\n" + app.log());
            }
            return app.log();
        }
    }

    private static RunningSwitchboard launch(Path dataDirectory, String configYaml, boolean bootstrapPassword)
            throws IOException {
        Files.createDirectories(dataDirectory);
        Path config = dataDirectory.resolve("kibana.yml");
        Files.writeString(config, configYaml);
        Path log = Files.createTempFile("switchboard-", ".log");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx256m", "-Dquarkus.http.port=" + port,
                "-Dquarkus.config.locations=" + config.toAbsolutePath(), "-jar", APP.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SWITCHBOARD_DATA_DIR", dataDirectory.toAbsolutePath().toString());
        if (bootstrapPassword) {
            builder.environment().putIfAbsent("SWITCHBOARD_BOOTSTRAP_PASSWORD", Api.SUPERUSER_PASSWORD);
        } else {
            builder.environment().remove("SWITCHBOARD_BOOTSTRAP_PASSWORD");
        }
        return new RunningSwitchboard(builder.start(), log, port);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).header("kbn-xsrf", "true")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).header("kbn-xsrf", "true")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).header("kbn-xsrf", "true").DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends the requests that follow as this user. */
    void authenticateAs(String user, String password) {
        authorization = Api.basic(user, password);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL, as a crash or an out-of-memory kill ends a process: nothing of it runs after. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Waits for the process to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Switchboard did not exit within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).header("kbn-xsrf", "true").header("Content-Type", "application/json");
    }

    /** Stops the application the way an operator or orchestrator does: SIGTERM, then wait. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String yaml(Map<String, String> flat) {
        StringBuilder text = new StringBuilder();
        flat.forEach((key, value) -> text.append(key).append(": \"").append(value).append("\"\n"));
        return text.toString();
    }
}
