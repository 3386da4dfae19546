package io.switchboard.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials in {@code elasticsearch.hosts} URLs are used, never printed. */
class ElasticsearchSettingsTest {

    private static Config config(String hosts) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("elasticsearch.hosts", hosts), "test", 500)).build();
    }

    @Test
    void hostsAreShownWithoutTheirUserinfo() {
        ElasticsearchSettings settings = new ElasticsearchSettings(config("https://elastic:s3cret-pw@es.example:9200"));
        assertEquals("https://elastic:s3cret-pw@es.example:9200", settings.hosts().get(0));
        assertFalse(settings.toString().contains("s3cret-pw"), settings.toString());
        assertTrue(settings.toString().contains("es.example:9200"), settings.toString());
    }

    @Test
    void aHostThatIsNotAUrlIsRefusedWithoutQuotingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ElasticsearchSettings(config("https://elastic:s3cret pw@es example:9200")));
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("elasticsearch.hosts"), refused.getMessage());
    }
}
