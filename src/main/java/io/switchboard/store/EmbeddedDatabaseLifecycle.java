package io.switchboard.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Tells the embedded database when the application has started and when it has finished writing at shutdown. Both
 * observers run after every other one: the start counts only once every start-up bean is up (an application that
 * fails to start never stops through its shutdown observers, and the database must not wait for it), the stop only
 * once the event-log writer has written what was queued.
 */
@Singleton
public class EmbeddedDatabaseLifecycle {

    void started(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        EmbeddedDatabase.applicationStarted();
    }

    void stopped(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedDatabase.applicationStopped();
    }
}
