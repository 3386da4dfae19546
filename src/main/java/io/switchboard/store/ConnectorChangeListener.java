package io.switchboard.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hears the connector changes of every instance sharing the database ({@code LISTEN} on
 * {@value #CHANNEL}, which {@link ConnectorStore} notifies in the transaction of each change, so a notification
 * arrives only once the change is committed) and drops them from the {@link ConnectorCache}.
 *
 * <p>One connection of its own, outside the pool, is held for listening (a pooled connection that died under the
 * listener would go back to the pool). When it fails, caching stops and everything cached is dropped, since a
 * change may go unheard; a new connection is tried with back-off, and caching starts again once it listens. A quiet
 * connection is checked every few seconds so that a connection that died silently is noticed.
 *
 * <p>Other parts listen on the same connection for channels of their own ({@link #listen}); since a notification
 * may be missed while the connection is down, their handlers are also called with an empty payload each time it
 * listens again.
 */
@Singleton
public class ConnectorChangeListener {

    static final String CHANNEL = "switchboard_connector_changes";
    /** The payload that stands for "every connector" (a space id is never empty). */
    static final String EVERYTHING = "";

    private static final Logger LOG = Logger.getLogger(ConnectorChangeListener.class);
    private static final int POLL_MILLIS = 500;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final ExecutorService TIMEOUT_ABORTS = Executors.newVirtualThreadPerTaskExecutor();

    /** The listening connection's application_name, as pg_stat_activity shows it. */
    static final String APPLICATION_NAME = "switchboard-connector-changes";

    private final ConnectorCache cache;
    private final String url;
    private final Properties login = new Properties();
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    private volatile boolean newChannels;
    private volatile boolean running;
    private Thread thread;

    @Inject
    public ConnectorChangeListener(ConnectorCache cache,
                                   @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                                   @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                                   @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
        this.url = url;
        username.ifPresent(user -> login.setProperty("user", user));
        password.ifPresent(secret -> login.setProperty("password", secret));
        login.setProperty("ApplicationName", APPLICATION_NAME);
    }

    void start(@Observes StartupEvent started) {
        running = true;
        thread = Thread.ofPlatform().name("connector-change-listener").daemon().start(this::listenUntilStopped);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
    }

    /** Calls {@code handler} with the payload of every notification on {@code channel}, from the listening thread. */
    public void listen(String channel, Consumer<String> handler) {
        channels.put(channel, handler);
        newChannels = true;
    }

    /** The notification payload naming one connector: its space, a line feed (never in a space id), its id. */
    static String payload(String spaceId, String id) {
        return spaceId + "\n" + id;
    }

    private void listenUntilStopped() {
        long backoffMillis = 100;
        while (running) {
            try (Connection connection = new Driver().connect(url, login)) {
                connection.setNetworkTimeout(TIMEOUT_ABORTS, NETWORK_TIMEOUT_MILLIS);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                listenToOthers(connection);
                cache.listening(true);
                backoffMillis = 100;
                receive(connection);
            } catch (SQLException | RuntimeException failure) {
                cache.listening(false);
                if (running) {
                    LOG.warnf("connector changes not heard (%s): caching is off until listening again",
                            failure.getClass().getSimpleName());
                }
            }
            cache.listening(false);
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException interrupted) {
                return;
            }
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection listening = connection.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (running) {
            if (newChannels) {
                listenToOthers(connection);
            }
            PGNotification[] notifications = listening.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                for (PGNotification notification : notifications) {
                    if (CHANNEL.equals(notification.getName())) {
                        apply(notification.getParameter());
                    } else {
                        Consumer<String> handler = channels.get(notification.getName());
                        if (handler != null) {
                            handler.accept(notification.getParameter());
                        }
                    }
                }
                lastCheck = System.nanoTime();
            } else if (System.nanoTime() - lastCheck > CHECK_NANOS) {
                try (Statement check = connection.createStatement()) {
                    check.execute("SELECT 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    private void listenToOthers(Connection connection) throws SQLException {
        newChannels = false;
        for (Map.Entry<String, Consumer<String>> channel : channels.entrySet()) {
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + channel.getKey());
            }
            channel.getValue().accept("");
        }
    }

    private void apply(String payload) {
        int separator = payload.indexOf('\n');
        if (separator < 0) {
            cache.invalidateAll();
        } else {
            cache.invalidate(payload.substring(0, separator), payload.substring(separator + 1));
        }
    }
}
