package io.switchboard.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Tells the embedded database when the application has started and when it has finished writing at shutdown: its
 * observer runs after every other shutdown observer (the event-log writer's flush among them).
 */
@Singleton
public class EmbeddedDatabaseLifecycle {

    void started(@Observes StartupEvent event) {
        EmbeddedDatabase.applicationStarted();
    }

    void stopped(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedDatabase.applicationStopped();
    }
}
