package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.Site;
import io.sitewatch.registry.RegistryStore;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestPostgres;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code sitewatch rating compute} as a user runs it: its own JVM through {@link Main}, with the
 * launcher's logging configuration, stdout and stderr captured apart. Stdout holds the export
 * alone (JSON that parses to its end, even with debug logging on; a CSV that starts with a UTF-8
 * byte order mark); the command never writes to the database it reads and never migrates one: a
 * database without the tables or at an older schema gets one line and stays as it was.
 */
class RatingCommandIT {

    private static final String DAYS_FROM = "2026-01-01";
    private static final String DAYS_TO = "2026-01-31";
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static String current;

    @TempDir
    Path tmp;

    @BeforeAll
    static void database() throws Exception {
        current = TestPostgres.newDatabase();
        PGSimpleDataSource ds = dataSource(current);
        Schemas.migrate(ds, "off");
        new RegistryStore(ds).upsertSite(new Site("FZ1", "福州测试工地", "350102", new Enterprise("91350100TEST", "测试建设公司"),
                "building", null, new BigDecimal("120000000"), "2025-01-01", "2027-01-01", null));
    }

    /** What a run of the launcher's main class left. */
    record Run(int status, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Run sitewatch(List<String> jvm, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", cp, Main.class.getName()));
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(tmp, "stdout", ".bin");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "finished");
        return new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run compute(String jdbcUrl, String format, List<String> jvm) throws Exception {
        return sitewatch(jvm, "rating", "compute", "--site", "FZ1", "--from", DAYS_FROM, "--to", DAYS_TO,
                "--jdbc-url", jdbcUrl, "--db-user", TestPostgres.user(), "--format", format);
    }

    @Test
    void jsonOnStdoutIsJsonAloneEvenWithDebugLogging() throws Exception {
        Run r = compute(current, "json", List.of("-DSITEWATCH_LOG_LEVEL=DEBUG"));
        assertEquals(0, r.status(), r.err());
        JsonNode report = STRICT.readTree(r.out());
        assertEquals("FZ1", report.get("siteId").asText());
        assertEquals(1, report.get("catalogueVersion").asInt(), "the bundled catalogue, numbered as it will be stored");
        assertTrue(r.err().contains("rating compute FZ1"), "the command's debug log went to stderr: " + r.err());
        assertEquals(0, ServiceFixture.queryLong(current, "SELECT count(*) FROM rating_catalogue"),
                "nothing written, not even the bundled catalogue");
    }

    @Test
    void csvStartsWithAByteOrderMarkSoThatExcelReadsTheChinese() throws Exception {
        Run r = compute(current, "csv", List.of());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(r.out(), 3));
        String csv = r.outText().substring(1);
        assertTrue(csv.startsWith("project,项目名称 (project),,,,,福州测试工地（FZ1）"), csv);
        assertTrue(csv.contains("\nsection,id,module,points,max_points,met,explanation\n"), csv);
        assertTrue(csv.matches("(?s).*\\p{IsHan}.*"), "Chinese in UTF-8: " + csv);
        assertFalse(csv.contains("\uFEFF"), "one mark, at the start");
        assertEquals("", r.err());
    }

    /** The 评价报告 as a PDF file: the site's Chinese name, its builder and region by name, read back with pdftotext. */
    @Test
    void aPdfReportGoesToTheFileGivenWithOut() throws Exception {
        Path pdf = tmp.resolve("评价报告-FZ1.pdf");
        Run r = sitewatch(List.of(), "rating", "compute", "--site", "FZ1", "--from", DAYS_FROM, "--to", DAYS_TO,
                "--jdbc-url", current, "--db-user", TestPostgres.user(), "--format", "pdf", "--out", pdf.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(0, r.out().length, "nothing on stdout");
        byte[] bytes = Files.readAllBytes(pdf);
        assertEquals("%PDF-", new String(bytes, 0, 5, StandardCharsets.US_ASCII));
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        for (String s : new String[] {"智慧工地星级评价报告", "福州测试工地", "测试建设公司", "福建省福州市鼓楼区", "1.2亿元", "2026-01-01至2026-01-31"}) {
            assertTrue(text.contains(s), s + " in " + text);
        }

        Run refused = sitewatch(List.of(), "rating", "compute", "--site", "FZ1", "--from", DAYS_FROM, "--to", DAYS_TO,
                "--jdbc-url", current, "--db-user", TestPostgres.user(), "--format", "pdf");
        assertEquals(2, refused.status());
        assertEquals(0, refused.out().length, "no PDF bytes on a terminal");
        assertEquals(1, refused.errLines().size(), refused.err());
        assertTrue(refused.err().contains("--format pdf") && refused.err().contains("--out"), refused.err());
    }

    @Test
    void theHtmlReportInEnglishOnAsked() throws Exception {
        Run r = sitewatch(List.of(), "rating", "compute", "--site", "FZ1", "--from", DAYS_FROM, "--to", DAYS_TO,
                "--jdbc-url", current, "--db-user", TestPostgres.user(), "--format", "html", "--lang", "en");
        assertEquals(0, r.status(), r.err());
        String html = r.outText();
        assertTrue(html.contains("<html lang=\"en\">") && html.contains("Smart-site star rating report"), html);
        assertTrue(html.contains("<tr><th>Builder</th><td>测试建设公司</td></tr>"), html);
        assertTrue(html.contains("<tr><th>Region</th><td>Gulou, Fuzhou, Fujian"), html);
    }

    @Test
    void aDatabaseWithoutTheTablesIsToldSoAndLeftEmpty() throws Exception {
        String empty = TestPostgres.newDatabase();
        Run r = compute(empty, "json", List.of());
        assertEquals(2, r.status());
        assertEquals(0, r.out().length, "nothing on stdout");
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("sitewatch: ") && r.err().contains("the database has no SiteWatch tables")
                && r.err().contains("./sitewatch serve"), r.err());
        assertEquals(0, ServiceFixture.queryLong(empty, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema()"), "no table, no history, nothing created");
    }

    @Test
    void anOlderSchemaIsToldSoAndNotMigrated() throws Exception {
        String older = TestPostgres.newDatabase();
        Schemas.migrate(dataSource(older), "off");
        // As if this database was last migrated by the release before ingest's newest script.
        String newest = "(SELECT max(installed_rank) FROM schema_history_ingest)";
        String version = queryText(older, "SELECT version FROM schema_history_ingest WHERE installed_rank = " + newest);
        try (var c = dataSource(older).getConnection(); var st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE FROM schema_history_ingest WHERE installed_rank = " + newest));
        }
        Run r = compute(older, "json", List.of());
        assertEquals(2, r.status());
        assertEquals(0, r.out().length);
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("the database schema is older than this version (ingest at V")
                && r.err().contains("this version has V" + version + ")") && r.err().contains("never migrates"), r.err());
        assertEquals(0, ServiceFixture.queryLong(older, "SELECT count(*) FROM schema_history_ingest WHERE version = '" + version + "'"),
                "not migrated");
    }

    private static PGSimpleDataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(TestPostgres.user());
        return ds;
    }

    private static String queryText(String jdbcUrl, String sql) throws Exception {
        try (var c = dataSource(jdbcUrl).getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
