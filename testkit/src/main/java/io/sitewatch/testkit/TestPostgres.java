package io.sitewatch.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real PostgreSQL server for tests: the machine's own on 127.0.0.1:5432 when it answers (as in
 * CI), otherwise an embedded one started once per JVM. Each caller gets a fresh database, so test
 * classes never see each other's rows; the databases a JVM created are dropped when it exits, so
 * test runs do not pile them up on a shared server. Which server ran is printed once.
 */
public final class TestPostgres {

    private static String base;
    private static String user;
    private static EmbeddedPostgres embedded;
    private static final List<String> created = new ArrayList<>();

    private TestPostgres() {
    }

    /** JDBC URL of a new, empty database. */
    public static synchronized String newDatabase() {
        init();
        String name = "sw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base + "postgres", user, null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            if (created.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "drop-test-databases"));
            }
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + base + ": " + e.getMessage(), e);
        }
        return base + name;
    }

    private static synchronized void dropCreated() {
        if (embedded != null) {
            return; // goes away with the embedded server
        }
        try (Connection c = DriverManager.getConnection(base + "postgres", user, null); Statement st = c.createStatement()) {
            for (String name : created) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("[sitewatch-test] could not drop the test databases " + created + ": " + e.getMessage());
        }
    }

    public static synchronized String user() {
        init();
        return user;
    }

    private static void init() {
        if (base != null) {
            return;
        }
        String host = System.getenv().getOrDefault("SITEWATCH_TEST_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("SITEWATCH_TEST_PG_PORT", "5432");
        for (String u : new String[] {System.getenv("SITEWATCH_TEST_PG_USER"), "postgres", "root"}) {
            if (u == null) {
                continue;
            }
            String url = "jdbc:postgresql://" + host + ":" + port + "/";
            try (Connection c = DriverManager.getConnection(url + "postgres?connectTimeout=2", u, null)) {
                base = url;
                user = u;
                System.out.println("[sitewatch-test] PostgreSQL: the machine's server at " + host + ":" + port
                        + " (user " + u + ", server " + c.getMetaData().getDatabaseProductVersion() + ")");
                return;
            } catch (SQLException e) {
                // try the next user, then the embedded server
            }
        }
        try {
            embedded = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(new File("target/embedded-pg-work"))
                    .start();
            base = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
            user = "postgres";
            System.out.println("[sitewatch-test] PostgreSQL: embedded server on port " + embedded.getPort()
                    + " (no server answered on " + host + ":" + port + ")");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        } catch (Exception e) {
            throw new IllegalStateException("no PostgreSQL: none on " + host + ":" + port
                    + " and the embedded server failed to start: " + e.getMessage(), e);
        }
    }
}
