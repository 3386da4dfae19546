package io.switchboard.render;

import java.util.ArrayList;

/**
 * A JavaScript array among the template variables. Renders as its elements joined with commas, as JavaScript's
 * {@code Array.prototype.toString} does; {@code asJSON} gives its JSON.
 */
final class JsArray extends ArrayList<Object> {

    JsArray(int capacity) {
        super(capacity);
    }

    @Override
    public String toString() {
        return JsValues.toJsString(this);
    }
}
