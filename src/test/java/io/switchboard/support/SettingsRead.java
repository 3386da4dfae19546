package io.switchboard.support;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the name of every Switchboard or Kibana setting the application looks up, whether it is set or not: what
 * the configuration reference must describe.
 */
@Priority(3100)
public class SettingsRead implements ConfigSourceInterceptor {

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (name.startsWith("xpack.") || name.startsWith("switchboard.") || name.startsWith("server.")
                || name.startsWith("elasticsearch.")) {
            NAMES.add(name);
        }
        return context.proceed(name);
    }

    public static Set<String> names() {
        return new TreeSet<>(NAMES);
    }
}
