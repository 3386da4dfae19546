package io.switchboard.config;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.SettingsRead;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md against the application: every setting the application looks up is documented, every
 * documented setting is looked up, and each environment variable is the one SmallRye Config reads.
 */
@QuarkusTest
class ConfigurationReferenceTest {

    /** Read with {@code System.getenv}/{@code getProperty} before the configuration exists (it may live there). */
    private static final Set<String> READ_BEFORE_CONFIGURATION = Set.of("switchboard.data-dir");
    private static final ConfigurationReference REFERENCE = ConfigurationReference.read();

    @Test
    void everySettingTheApplicationReadsIsDocumented() {
        Set<String> read = SettingsRead.names();
        assertTrue(read.size() > 40, "the application's lookups were recorded: " + read);
        Set<String> undocumented = new TreeSet<>();
        for (String name : read) {
            if (!REFERENCE.documents(name)) {
                undocumented.add(name);
            }
        }
        assertEquals(Set.of(), undocumented, "settings read but not in " + ConfigurationReference.FILE);
    }

    @Test
    void everyDocumentedSettingIsRead() {
        Set<String> read = SettingsRead.names();
        Set<String> unread = new TreeSet<>();
        for (ConfigurationReference.Row row : REFERENCE.rows()) {
            boolean ours = row.setting().matches("^(xpack|switchboard|server|elasticsearch)\\..*");
            if (ours && !row.isTree() && !READ_BEFORE_CONFIGURATION.contains(row.setting())
                    && !read.contains(row.setting())) {
                unread.add(row.setting());
            }
        }
        assertEquals(Set.of(), unread, "documented settings the application never looks up");
    }

    @Test
    void environmentVariablesAreTheOnesConfigReads() {
        for (ConfigurationReference.Row row : REFERENCE.rows()) {
            if (row.isTree()) {
                assertTrue(row.environmentVariable().isEmpty(), row.setting() + " is read from the file only");
            } else {
                assertEquals(ConfigurationReference.environmentVariableOf(row.setting()),
                        row.environmentVariable().orElse("(none)"), row.setting());
            }
        }
    }

    @Test
    void readmeLinksTheReference() throws Exception {
        assertTrue(Files.readString(Path.of("README.md")).contains("(docs/configuration.md)"));
    }
}
