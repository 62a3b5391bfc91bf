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

    /**
     * Metric values stored, and distinct (device_id, ts) samples among them. The plain layout
     * stores one row per sample in {@code telemetry_sample}; otherwise (TimescaleDB) one row per
     * value in {@code telemetry}.
     */
    long[] telemetryCounts() throws SQLException {
        try (Connection c = open(jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("SET max_parallel_workers_per_gather = 2");
            boolean perSample;
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('telemetry_sample') IS NOT NULL")) {
                rs.next();
                perSample = rs.getBoolean(1);
            }
            String sql = perSample
                    ? "SELECT coalesce(sum(cardinality(vals)), 0), count(*) FROM telemetry_sample"
                    : "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT device_id, ts FROM telemetry) s) FROM telemetry";
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
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
