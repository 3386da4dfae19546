package io.switchboard.config;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files of {@code docker/} (Dockerfiles, compose, Kubernetes manifests) name only environment variables,
 * settings, ports and paths that the application has, so that they cannot drift from it unnoticed.
 */
@QuarkusTest
class DeploymentFilesTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Pattern VARIABLE = Pattern.compile("\\b(?:XPACK|SWITCHBOARD|SERVER|ELASTICSEARCH|QUARKUS)_[A-Z0-9_]+\\b");
    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D([A-Za-z][A-Za-z0-9_.\\-]*)=");
    private static final Pattern PORT = Pattern.compile("EXPOSE (\\d+)|containerPort: (\\d+)|listen (\\d+);"
            + "|server switchboard:(\\d+)|/dev/tcp/127\\.0\\.0\\.1/(\\d+)|quarkus\\.http\\.port=(\\d+)"
            + "|\"\\d+:(\\d+)\"|QUARKUS_HTTP_PORT[=:] *\"?(\\d+)");
    private static final Pattern ROUTE = Pattern.compile("(/q/[a-z/]+[a-z])");
    private static final Pattern DATA_DIRECTORY = Pattern.compile("SWITCHBOARD_DATA_DIR=(\\S+)");
    private static final Pattern MOUNT_PATH = Pattern.compile("mountPath: (\\S+)");
    private static final Pattern IMAGE_USER = Pattern.compile("(?m)^USER (\\d+):(\\d+)$");
    private static final Pattern POD_USER = Pattern.compile("runAsUser: (\\d+)");

    private static Map<Path, String> files() throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(DOCKER)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(path, Files.readString(path));
            }
        }
        assertTrue(files.keySet().containsAll(Set.of(DOCKER.resolve("Dockerfile.jvm"),
                DOCKER.resolve("Dockerfile.native"), DOCKER.resolve("compose.yaml"),
                DOCKER.resolve("k8s/deployment.yaml"))), "the deployment files are where README says: " + files.keySet());
        return files;
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            for (int group = matcher.groupCount() == 0 ? 0 : 1; group <= matcher.groupCount(); group++) {
                if (matcher.group(group) != null) {
                    found.add(matcher.group(group));
                }
            }
        }
        return found;
    }

    @Test
    void everyEnvironmentVariableIsADocumentedSetting() throws IOException {
        ConfigurationReference reference = ConfigurationReference.read();
        files().forEach((path, text) -> {
            for (String variable : all(VARIABLE, text)) {
                assertTrue(reference.documentsVariable(variable), path + " uses " + variable
                        + ", which " + ConfigurationReference.FILE + " does not document");
            }
        });
    }

    @Test
    void everySystemPropertyIsADocumentedSetting() throws IOException {
        ConfigurationReference reference = ConfigurationReference.read();
        files().forEach((path, text) -> {
            // Maven's build flags (-Dnative, -Dquarkus.native.*) are not the application's settings.
            String runtime = text.lines().filter(line -> !line.contains("mvn ")).reduce("", (a, b) -> a + "\n" + b);
            for (String setting : all(SYSTEM_PROPERTY, runtime)) {
                assertTrue(setting.startsWith("java.") || reference.documents(setting),
                        path + " sets " + setting + ", which " + ConfigurationReference.FILE + " does not document");
            }
        });
    }

    @Test
    void everyPortIsTheApplicationsPort() throws IOException {
        String port = applicationProperty("quarkus.http.port");
        Set<String> seen = new TreeSet<>();
        files().forEach((path, text) -> all(PORT, text).forEach(found -> {
            seen.add(path.toString());
            assertEquals(port, found, path + " names port " + found);
        }));
        assertTrue(seen.size() >= 4, "ports were found in the Dockerfiles, compose and nginx: " + seen);
    }

    @Test
    void everyHealthRouteIsServed() throws IOException {
        Set<String> routes = new TreeSet<>();
        files().values().forEach(text -> routes.addAll(all(ROUTE, text)));
        assertTrue(routes.containsAll(Set.of("/q/health/ready", "/q/health/live")), routes.toString());
        for (String route : routes) {
            RestAssured.given().auth().none().get(route).then().statusCode(200);
        }
    }

    @Test
    void theDataDirectoryAndUserAgree() throws IOException {
        Map<Path, String> files = files();
        String jvmImage = files.get(DOCKER.resolve("Dockerfile.jvm"));
        Set<String> dataDirectories = all(DATA_DIRECTORY, jvmImage);
        assertEquals(1, dataDirectories.size(), dataDirectories.toString());
        String dataDirectory = dataDirectories.iterator().next();
        assertTrue(jvmImage.contains("VOLUME " + dataDirectory), "the data directory is a volume");
        assertTrue(all(MOUNT_PATH, files.get(DOCKER.resolve("k8s/deployment.yaml"))).contains(dataDirectory));

        Set<String> imageUsers = new TreeSet<>();
        imageUsers.addAll(all(IMAGE_USER, jvmImage));
        imageUsers.addAll(all(IMAGE_USER, files.get(DOCKER.resolve("Dockerfile.native"))));
        assertEquals(Set.of("10001"), imageUsers, "both images run as user and group 10001");
        assertEquals(Set.of("10001"), all(POD_USER, files.get(DOCKER.resolve("k8s/deployment.yaml"))));
        assertFalse(files.values().stream().anyMatch(text -> text.contains("USER root")), "nothing runs as root");
    }

    @Test
    void theConfigurationFileIsWhereReadmeSaysTheImageReadsIt() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        files().forEach((path, text) -> {
            Matcher location = Pattern.compile("-Dquarkus\\.config\\.locations=(\\S+?)[\"\\s]").matcher(text);
            while (location.find()) {
                assertTrue(readme.contains(location.group(1)), path + " reads " + location.group(1)
                        + ", which README does not name");
            }
        });
    }

    private static String applicationProperty(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError(name + " is not in application.properties");
    }
}
