package io.sitewatch.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** A fresh PostgreSQL database per run, and the counts that decide what was stored. */
final class BenchDatabase {

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    BenchDatabase(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        this.user = user;
        this.password = password;
        this.name = name;
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return serverUrl + name;
    }

    void create() throws SQLException {
        try (Connection c = open(serverUrl + "postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
    }

    void drop() throws SQLException {
        try (Connection c = open(serverUrl + "postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** Rows in {@code telemetry}, and distinct (device_id, ts) samples among them. */
    long[] telemetryCounts() throws SQLException {
        try (Connection c = open(jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("SET max_parallel_workers_per_gather = 2");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM telemetry")) {
                rs.next();
                long rows = rs.getLong(1);
                try (ResultSet rs2 = st.executeQuery("SELECT count(*) FROM (SELECT DISTINCT device_id, ts FROM telemetry) s")) {
                    rs2.next();
                    return new long[] {rows, rs2.getLong(1)};
                }
            }
        }
    }

    String serverVersion() throws SQLException {
        try (Connection c = open(serverUrl + "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection open(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }
}
