package io.switchboard.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds on what the JSON parser accepts, request bodies first: nesting deeper than
 * {@code switchboard.json.max-nesting-depth} (100 levels) or a string longer than
 * {@code switchboard.json.max-string-length} (1,048,576 characters, as much as a body within the default
 * {@code server.maxPayload} can hold) stops the parse, and a request body is answered 400. Jackson's own defaults
 * (1,000 levels, 20 million characters) are far beyond anything a Kibana client sends, and every step that walks
 * a tree (validation, rendering, storing) pays for its depth.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    private final int maxNestingDepth;
    private final int maxStringLength;

    @Inject
    public JsonLimits(@ConfigProperty(name = "switchboard.json.max-nesting-depth", defaultValue = "100") int maxNestingDepth,
                      @ConfigProperty(name = "switchboard.json.max-string-length", defaultValue = "1048576") int maxStringLength) {
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxStringLength)
                .build());
    }
}
