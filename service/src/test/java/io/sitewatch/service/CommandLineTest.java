package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.config.ConfigLoader;
import io.sitewatch.core.config.SiteWatchConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A command line that cannot run is refused in one line on stderr that names the option (or the
 * command) and what is valid, in Chinese and English, with exit status 2 and nothing on stdout —
 * before anything starts: no stack trace, no usage text, no database or broker.
 */
class CommandLineTest {

    @TempDir
    Path tmp;

    /** What a run printed and returned. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** Asserts the refusal's shape and returns its one line. */
    static String refused(Run r) {
        assertEquals(2, r.status(), r.toString());
        assertEquals("", r.out(), "nothing on stdout");
        assertEquals(1, r.errLines().size(), "one line: " + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("sitewatch: "), line);
        assertFalse(line.contains("Exception") || line.contains("\tat ") || line.contains("Usage:"), line);
        assertTrue(line.matches(".*\\p{IsHan}.* / .*[a-z]{3,}.*"), "Chinese, then English: " + line);
        return line;
    }

    static List<Arguments> badValues() {
        String[] rating = {"rating", "compute", "--site", "FZ1"};
        return List.of(
                Arguments.of(List.of(rating[0], rating[1], rating[2], rating[3], "--from", "2026-13-01", "--to", "2026-03-31"),
                        "--from", List.of("'2026-13-01'", "YYYY-MM-DD")),
                Arguments.of(List.of(rating[0], rating[1], rating[2], rating[3], "--from", "2026-01-01", "--to", "31.03.2026"),
                        "--to", List.of("'31.03.2026'", "YYYY-MM-DD")),
                Arguments.of(List.of(rating[0], rating[1], rating[2], rating[3], "--from", "2026-01-01", "--to", "2026-03-31",
                        "--format", "xlsx"), "--format", List.of("'xlsx'", "text, json, csv, html, pdf")),
                Arguments.of(List.of(rating[0], rating[1], rating[2], rating[3], "--from", "2026-01-01", "--to", "2026-03-31",
                        "--lang", "fr"), "--lang", List.of("'fr'", "zh, en")),
                Arguments.of(List.of(rating[0], rating[1], rating[2], rating[3], "--from", "2026-01-01", "--to", "2026-03-31",
                        "--jdbc-url", "postgres://db/sitewatch"), "--jdbc-url", List.of("jdbc:postgresql:")),
                Arguments.of(List.of("serve", "--timescale", "maybe"), "--timescale", List.of("'maybe'", "auto", "on", "off")),
                Arguments.of(List.of("serve", "--http-port", "http"), "--http-port", List.of("'http'", "0 to 65535")),
                Arguments.of(List.of("serve", "--http-port", "70000"), "--http-port", List.of("'70000'", "0 to 65535")),
                Arguments.of(List.of("serve", "--mqtt-url", "localhost:1883"), "--mqtt-url", List.of("tcp://host:port")),
                Arguments.of(List.of("serve", "--jdbc-url", "localhost:5432"), "--jdbc-url", List.of("jdbc:postgresql:")),
                Arguments.of(List.of("serve", "--config", "/no/such/sitewatch.yaml"), "--config", List.of("'/no/such/sitewatch.yaml'")),
                Arguments.of(List.of("demo", "--mqtt-port", "-1"), "--mqtt-port", List.of("'-1'", "0 to 65535")));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("badValues")
    void aBadValueNamesItsOptionAndWhatIsValid(List<String> args, String option, List<String> said) {
        String line = refused(run(args.toArray(String[]::new)));
        assertTrue(line.startsWith("sitewatch: " + option + "："), line);
        assertTrue(line.contains(" / " + option + ": "), line);
        for (String s : said) {
            assertTrue(line.contains(s), "says " + s + ": " + line);
        }
    }

    @Test
    void aBadValueStartsNothing() throws Exception {
        // The demo would start PostgreSQL and a broker in its data folder; refused, it never creates it.
        Path dataDir = tmp.resolve("demo-data");
        String line = refused(run("demo", "--timescale", "maybe", "--data-dir", dataDir.toString()));
        assertTrue(line.contains("--timescale") && line.contains("auto") && !line.contains("database.timescale"), line);
        assertFalse(Files.exists(dataDir), "nothing started");
    }

    @Test
    void aBadBindAddressIsNamedBeforeAnythingStarts() throws Exception {
        Path dataDir = tmp.resolve("bind-data");
        String line = refused(run("demo", "--bind", "everywhere", "--data-dir", dataDir.toString()));
        assertTrue(line.contains("--bind") && line.contains("127.0.0.1") && line.contains("0.0.0.0"), line);
        assertFalse(Files.exists(dataDir), "nothing started");
    }

    @Test
    void anUnknownCommandListsTheValidOnes() {
        String line = refused(run("frobnicate"));
        assertTrue(line.contains("'frobnicate'") && line.contains("demo, serve, broker-credentials, simulate, rating"), line);
        assertFalse(line.contains("Unmatched argument"), line);
        line = refused(run("rating", "export"));
        assertTrue(line.contains("'export'") && line.contains("sitewatch rating") && line.endsWith(": compute"), line);
    }

    @Test
    void anUnknownOptionAndMissingOnesAreNamed() {
        String line = refused(run("rating", "compute", "--site", "FZ1", "--from", "2026-01-01", "--to", "2026-01-31", "--form", "json"));
        assertTrue(line.contains("--form") && line.contains("sitewatch rating compute --help"), line);
        line = refused(run("rating", "compute", "--site", "FZ1"));
        assertTrue(line.contains("--from, --to"), line);
    }

    @Test
    void aWindowEndingBeforeItStartsIsRefusedBeforeTheDatabase() {
        // No database at this address: the window is judged first.
        String line = refused(run("rating", "compute", "--site", "FZ1", "--from", "2026-02-01", "--to", "2026-01-31",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none"));
        assertTrue(line.contains("--to (2026-01-31) is before --from (2026-02-01)"), line);
    }

    @Test
    void anUnreachableDatabaseIsOneLine() {
        String line = refused(run("rating", "compute", "--site", "FZ1", "--from", "2026-01-01", "--to", "2026-01-31",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"));
        assertTrue(line.contains("cannot reach the database jdbc:postgresql://127.0.0.1:1/none") && line.contains("--jdbc-url"), line);
    }

    /** The options' built-in defaults do not hide a --config file: only an option given (or its env) overrides it. */
    @Test
    void aConfigFilesTimescaleAndPortHoldUnlessAnOptionIsGiven() throws Exception {
        // An environment variable counts as the option given: where the machine running the test sets
        // one, that value must win over the file and the built-in default alike.
        String envTimescale = System.getenv("SITEWATCH_TIMESCALE");
        String envPort = System.getenv("SITEWATCH_HTTP_PORT");
        Path file = tmp.resolve("sitewatch.yaml");
        Files.writeString(file, "http: {port: 18099}\ndatabase: {timescale: \"off\"}\n");
        SiteWatchConfig fromFile = serveConfig("serve", "--config", file.toString());
        assertEquals(envTimescale == null ? "off" : envTimescale.toLowerCase(java.util.Locale.ROOT), fromFile.database().timescale());
        assertEquals(envPort == null ? 18099 : Integer.parseInt(envPort.trim()), fromFile.http().port());
        SiteWatchConfig overridden = serveConfig("serve", "--config", file.toString(), "--timescale", "ON", "--http-port", "18100");
        assertEquals("on", overridden.database().timescale());
        assertEquals(18100, overridden.http().port());
        SiteWatchConfig defaults = serveConfig("serve");
        assertEquals(envTimescale == null ? "auto" : envTimescale.toLowerCase(java.util.Locale.ROOT), defaults.database().timescale());
        assertEquals(envPort == null ? 8080 : Integer.parseInt(envPort.trim()), defaults.http().port());
    }

    private static SiteWatchConfig serveConfig(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        return ConfigLoader.load(serve.config, serve.options.overrides());
    }

    @Test
    void aBrokenConfigurationFileIsOneLine() throws Exception {
        Path file = tmp.resolve("broken.yaml");
        Files.writeString(file, "http: {port: [1, 2}\n");
        String line = refused(run("serve", "--config", file.toString()));
        assertTrue(line.contains("cannot read configuration " + file), line);
        Files.writeString(file, "database: {retentionDays: 0}\n");
        line = refused(run("serve", "--config", file.toString()));
        assertTrue(line.contains("database.retentionDays must be positive"), line);
    }

    @Test
    void helpStillGoesToStdout() {
        Run r = run("rating", "compute", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("--from") && r.out().contains("--format"), r.out());
        assertEquals("", r.err());
    }
}
