package io.sitewatch.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sitewatch.core.config.SiteWatchConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Database access: a small pool for queries, registry and maintenance, and dedicated connections
 * for batch writers (each writer owns one connection with its session-local staging table).
 */
public final class Database implements AutoCloseable {

    private final SiteWatchConfig.Database config;
    private final HikariDataSource pool;

    public Database(SiteWatchConfig.Database config) {
        this.config = config;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setMaximumPoolSize(config.poolSize());
        hc.setPoolName("sitewatch-db");
        // Start even when the database is not up yet; callers retry and the pool reconnects.
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(5_000);
        this.pool = new HikariDataSource(hc);
    }

    public DataSource pool() {
        return pool;
    }

    /** A new connection outside the pool, for a writer or a listener that keeps it. */
    public Connection openDedicated(String applicationName) throws SQLException {
        Properties p = new Properties();
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    public SiteWatchConfig.Database config() {
        return config;
    }

    @Override
    public void close() {
        pool.close();
    }
}
