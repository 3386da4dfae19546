package io.switchboard.config;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson keeps its parsing and writing buffers (16 KiB and more) per thread by default. Executions run on
 * virtual threads, one per execution, so per-thread buffers are never reused: each execution allocated fresh ones
 * and kept them, softly reachable, for as long as it waited on a slow receiver. One shared pool serves every thread.
 */
@Singleton
public class JsonBufferPool implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
    }
}
