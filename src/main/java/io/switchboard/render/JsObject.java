package io.switchboard.render;

import java.util.LinkedHashMap;

/**
 * A plain JavaScript object among the template variables. Renders as its JSON, as the {@code toString()} Kibana
 * adds to every variable object does.
 */
final class JsObject extends LinkedHashMap<String, Object> {

    @Override
    public String toString() {
        return JsValues.stringify(this);
    }
}
