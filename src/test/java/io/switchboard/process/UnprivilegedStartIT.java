package io.switchboard.process;

import io.switchboard.support.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image's start, done on this machine: the packaged application, started by an unprivileged user with
 * the JVM options of {@code docker/Dockerfile.jvm} and a fresh data directory, brings up its embedded PostgreSQL
 * (whose initdb refuses root) and serves requests.
 */
class UnprivilegedStartIT {

    private static final Path APP = Path.of(System.getProperty("switchboard.app.dir", "target/quarkus-app"));
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile.jvm");
    private static final String USER = "nobody";
    private static final String GROUP = "nogroup";

    @Test
    void theImagesStartWorksForAnUnprivilegedUser(@TempDir Path work) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "switching users needs root and setpriv");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path app = work.resolve("app");
        copy(APP, app);
        Path data = Files.createDirectory(work.resolve("data"));
        ownedBy(data, USER);

        int port = freePort();
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + USER, "--regid=" + GROUP,
                "--clear-groups", "--", ProcessHandle.current().info().command().orElse("java")));
        for (String option : imageJavaOptions()) {
            command.add(option.replace("/data", data.toString()).replace("=5601", "=" + port));
        }
        command.addAll(List.of("-Xmx256m", "-jar", app.resolve("quarkus-run.jar").toString()));
        Files.createDirectories(data.resolve("tmp"));
        ownedBy(data.resolve("tmp"), USER);
        Path log = work.resolve("switchboard.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SWITCHBOARD_DATA_DIR", data.toString());
        builder.environment().put("SWITCHBOARD_BOOTSTRAP_PASSWORD", Api.SUPERUSER_PASSWORD);
        Process process = builder.start();
        try {
            awaitReady(process, port, log);
            HttpResponse<String> connectors = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/actions/connectors"))
                    .header("Authorization", Api.authorization()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, connectors.statusCode(), connectors.body());
            assertEquals(USER, Files.getOwner(data.resolve("postgres")).getName(), "the database belongs to the user");
            assertEquals(USER, Files.getOwner(data.resolve("encryption.key")).getName());
            assertEquals(USER, Files.getOwner(Path.of("/proc/" + process.pid())).getName(), "the JVM runs as the user");
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The options the image passes to {@code java}: its {@code JAVA_OPTS}. */
    private static List<String> imageJavaOptions() throws IOException {
        Matcher options = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(Files.readString(DOCKERFILE));
        assertTrue(options.find(), "Dockerfile.jvm sets JAVA_OPTS");
        return Arrays.asList(options.group(1).trim().split("\\s+"));
    }

    private static void awaitReady(Process process, int port, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "Switchboard exited:\n" + read(log));
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Switchboard did not become ready:\n" + read(log));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(file, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static void ownedBy(Path path, String user) throws IOException {
        UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(names.lookupPrincipalByName(user));
        GroupPrincipal group = names.lookupPrincipalByGroupName(GROUP);
        view.setGroup(group);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
