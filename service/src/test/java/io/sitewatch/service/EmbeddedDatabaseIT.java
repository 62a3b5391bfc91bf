package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's embedded PostgreSQL keeps the README's promise of durable storage: a commit is on disk
 * before SiteWatch acknowledges the message (the embedding library's own default is
 * {@code synchronous_commit=off}).
 */
class EmbeddedDatabaseIT {

    @Test
    void theDemoDatabaseRunsDurable() throws Exception {
        Path dir = Files.createTempDirectory("sitewatch-embedded-pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
             Statement st = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertEquals("on", rs.getString(1), setting);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
