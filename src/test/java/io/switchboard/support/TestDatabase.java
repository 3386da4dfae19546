package io.switchboard.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every {@code @QuarkusTest} shares one PostgreSQL per application start. */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {
    private TestDatabase() {
    }
}
