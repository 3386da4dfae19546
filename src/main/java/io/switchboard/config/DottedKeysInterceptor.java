package io.switchboard.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads kibana.yml as Kibana does: a top-level dotted key such as {@code xpack.actions.allowedHosts: [...]} or
 * {@code xpack.actions.preconfigured:} followed by a nested map means the same as the fully nested form. The YAML
 * source keeps such a key whole and quoted ({@code "xpack.actions.allowedHosts"}); this interceptor also answers it
 * under its plain dotted name. Inner quoted segments are left alone: Quarkus quotes those on purpose
 * ({@code quarkus.log.category."io.vertx".level}).
 *
 * <p>It sits below expression expansion (priority 3300), so that looking at a lower-ordinal value never expands it:
 * the default datasource URL is an expression that starts the embedded database.
 */
@Priority(3200)
public class DottedKeysInterceptor implements ConfigSourceInterceptor {

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue best = context.proceed(name);
        for (String quoted : quotedForms(name)) {
            ConfigValue candidate = context.proceed(quoted);
            // The same setting written both ways: the source with the higher ordinal wins, as for any other key.
            if (candidate != null && (best == null || candidate.getConfigSourceOrdinal() > best.getConfigSourceOrdinal())) {
                best = candidate.withName(name);
            }
        }
        return best;
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Set<String> names = new LinkedHashSet<>();
        context.iterateNames().forEachRemaining(name -> names.add(plain(name)));
        return names.iterator();
    }

    /** {@code "a.b".c} becomes {@code a.b.c}; any other name is returned unchanged. */
    static String plain(String name) {
        if (name.startsWith("\"")) {
            int end = name.indexOf('"', 1);
            if (end > 0 && name.substring(1, end).indexOf('.') > 0) {
                return name.substring(1, end) + name.substring(end + 1);
            }
        }
        return name;
    }

    /** Every way the YAML source may have written {@code name} with a quoted dotted first key. */
    static Set<String> quotedForms(String name) {
        Set<String> forms = new LinkedHashSet<>();
        if (name.indexOf('"') >= 0) {
            return forms;
        }
        int firstDot = name.indexOf('.');
        if (firstDot <= 0) {
            return forms;
        }
        for (int end = firstDot + 1; end <= name.length(); end++) {
            if (end == name.length() || name.charAt(end) == '.' || name.charAt(end) == '[') {
                forms.add('"' + name.substring(0, end) + '"' + name.substring(end));
            }
        }
        return forms;
    }
}
