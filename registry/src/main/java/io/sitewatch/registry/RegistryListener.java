package io.sitewatch.registry;

import io.sitewatch.platform.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry cache in step with changes made by other instances: LISTENs on
 * {@code sitewatch_registry} on its own connection and thread. After a lost connection it reloads
 * everything, since notices sent meanwhile are gone.
 */
public final class RegistryListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryListener.class);

    private final Database database;
    private final RegistryService registry;
    private final Thread thread;
    private volatile boolean running = true;

    public RegistryListener(Database database, RegistryService registry) {
        this.database = database;
        this.registry = registry;
        this.thread = new Thread(this::run, "sitewatch-registry-listener");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        boolean reload = false;
        while (running) {
            try (Connection c = database.openDedicated("sitewatch-registry-listener")) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN sitewatch_registry");
                }
                if (reload) {
                    registry.loadAll();
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(1000);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            registry.refresh(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("registry listener lost its connection ({}); retrying", e.getMessage());
                    reload = true;
                    sleep(2000);
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
