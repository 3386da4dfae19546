package io.switchboard.store;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Resolves {@code quarkus.datasource.jdbc.url} before {@code switchboard-embedded-database.password}, whatever order
 * the datasource reads its settings in: when the URL is the embedded one, resolving it starts the server, and the
 * password is there to be read; when an external database is configured, the embedded server never starts and has
 * no password to give.
 *
 * <p>It sits above expression expansion (priority 3300), so that the URL it resolves is the expanded one.
 */
@Priority(3400)
public class EmbeddedDatabasePassword implements ConfigSourceInterceptor {

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (EmbeddedDatabaseConfigSource.PASSWORD.equals(name)) {
            context.proceed("quarkus.datasource.jdbc.url");
        }
        return context.proceed(name);
    }
}
