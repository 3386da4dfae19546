package io.switchboard.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a route whose every call, allowed or refused, is an {@link AuditEvent} named {@link #value}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

    /** The event's action, such as {@code connector_create}. */
    String value();

    /** The kind of object the route acts on, as the event names it. */
    String objectType() default "action";

    /** The path parameter holding the object's id; none when empty. */
    String idParameter() default "id";
}
