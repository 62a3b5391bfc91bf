package io.sitewatch.rating.cli;

import io.sitewatch.platform.db.ReadOnlyDatabase;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.evidence.SiteFacts;
import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.text.Lang;
import io.sitewatch.rating.workflow.RatingWorkflow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code sitewatch rating compute --site S --from D --to D}: a rating computed now, printed. The
 * data the rating reads belongs to other modules; the composition root that registers the command
 * says how to read it from a database ({@code data}) and how to tell whether that database's
 * schema is one this version can read ({@code schema}).
 *
 * <p>The command only reads: its connection is read-only (the database refuses any write), it never
 * migrates, and a database without the tables or at another schema version gets one line saying so.
 * Stdout carries the report alone (logs go to stderr); JSON, CSV and HTML are written as UTF-8
 * whatever the console's encoding, a CSV with a byte order mark first so that Excel reads it.
 */
@Command(name = "rating", description = "Star rating (智慧工地星级评价).", subcommands = RatingCommand.Compute.class,
        mixinStandardHelpOptions = true)
public final class RatingCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RatingCommand.class);

    /** Why a database cannot be read as it stands (one line), or empty when its schema is current. Changes nothing. */
    @FunctionalInterface
    public interface SchemaCheck {
        Optional<String> problem(DataSource ds) throws SQLException;
    }

    @Spec
    CommandSpec spec;

    private final Function<DataSource, RatingData> data;
    private final SchemaCheck schema;

    /**
     * @param data   the rating's data over a database, as the composition root assembles it
     * @param schema whether the database's schema is one this version reads
     */
    public RatingCommand(Function<DataSource, RatingData> data, SchemaCheck schema) {
        this.data = data;
        this.schema = schema;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "compute", mixinStandardHelpOptions = true,
            description = "Compute a site's rating over [from, to] (whole days in the site's time zone) with the current catalogue."
                    + " Reads only: never migrates or writes.")
    public static final class Compute implements Callable<Integer> {

        /** Exit status of a run refused for a reason the user can fix (the same as a bad option). */
        static final int REFUSED = 2;

        @Spec
        CommandSpec spec;

        @ParentCommand
        RatingCommand parent;

        @Option(names = "--site", required = true, description = "Site id.")
        String site;

        @Option(names = "--from", required = true, converter = DateValue.class, description = "First day, YYYY-MM-DD.")
        LocalDate from;

        @Option(names = "--to", required = true, converter = DateValue.class, description = "Last day (included), YYYY-MM-DD.")
        LocalDate to;

        @Option(names = "--jdbc-url", defaultValue = "${env:SITEWATCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/sitewatch}",
                converter = JdbcUrlValue.class, description = "Database (env SITEWATCH_JDBC_URL, default ${DEFAULT-VALUE}).")
        String jdbcUrl;

        @Option(names = "--db-user", defaultValue = "${env:SITEWATCH_DB_USER:-postgres}", description = "Database user (env SITEWATCH_DB_USER).")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:SITEWATCH_DB_PASSWORD}", description = "Database password (env SITEWATCH_DB_PASSWORD).")
        String dbPassword;

        @Option(names = "--format", defaultValue = "text", converter = FormatValue.class,
                description = "text, json, csv, html or pdf (default ${DEFAULT-VALUE}); html and pdf are the 评价报告 to submit.")
        RatingReport.Format format;

        @Option(names = "--lang", defaultValue = "zh", converter = LangValue.class,
                description = "Language of the html and pdf report: zh or en (default ${DEFAULT-VALUE}).")
        Lang lang;

        @Option(names = "--out", description = "Write the report to FILE instead of stdout (a pdf needs it).")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (format == RatingReport.Format.PDF && out == null) {
                return refuse("--format pdf 需要 --out 文件名（PDF 不能输出到终端）/ --format pdf needs --out FILE (a PDF is not for the terminal)");
            }
            if (out != null) {
                Path dir = out.toAbsolutePath().getParent();
                if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir) || Files.isDirectory(out)) {
                    return refuse("--out：无法写入 " + out + "（目录不存在、不可写，或这是一个目录）/ --out: cannot write " + out
                            + " (no such directory, not writable, or a directory)");
                }
            }
            if (to.isBefore(from)) {
                return refuse("--to（" + to + "）早于 --from（" + from + "）：--to 是最后一天（含），不能早于第一天"
                        + " / --to (" + to + ") is before --from (" + from + "): --to is the last day (included), not before the first");
            }
            DataSource ds = ReadOnlyDatabase.dataSource(jdbcUrl, dbUser, dbPassword, "sitewatch rating compute");
            Optional<String> problem;
            try {
                problem = parent.schema.problem(ds);
            } catch (SQLException e) {
                if (!ReadOnlyDatabase.unreachable(e)) {
                    throw e;
                }
                return refuse("无法连接数据库 " + jdbcUrl + "（" + firstLine(e.getMessage()) + "）：请检查 --jdbc-url、--db-user、--db-password"
                        + " / cannot reach the database " + jdbcUrl + " (" + firstLine(e.getMessage())
                        + "): check --jdbc-url, --db-user, --db-password");
            }
            if (problem.isPresent()) {
                return refuse(problem.get());
            }
            RatingData data = parent.data.apply(ds);
            Optional<SiteFacts> facts = data.site(site);
            if (facts.isEmpty()) {
                return refuse("--site：数据库中没有工地 '" + site + "' / --site: no site '" + site + "' in this database");
            }
            ZoneId zone = ZoneId.of(facts.get().timezone());
            RatingWorkflow workflow = new RatingWorkflow(new RatingStore(ds), data, Clock.systemUTC());
            var computed = workflow.preview(site, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
            LOG.debug("rating compute {} {}..{} ({}): catalogue v{} ({}), {} stars", site, from, to, zone,
                    computed.catalogue().version(), computed.catalogue().label(), computed.result().stars());
            SiteFacts f = facts.get();
            write(RatingReport.export(computed.result(), format,
                    new RatingReport.Heading(f.name(), data.enterprise(site).orElse(null), f.region(), f.costCny(), f.timezone()), lang));
            return 0;
        }

        /**
         * The report on stdout: text in the console's encoding (it is read there), the file formats as
         * their UTF-8 bytes.
         */
        private void write(byte[] utf8) throws IOException {
            if (out != null) {
                Files.write(out, utf8);
                return;
            }
            if (format == RatingReport.Format.TEXT) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            PrintStream out = System.out;
            out.write(utf8);
            out.flush();
            if (out.checkError()) {
                throw new IOException("writing the report to stdout failed");
            }
        }


        private int refuse(String line) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.root().name() + ": " + line);
            err.flush();
            return REFUSED;
        }


        private static String firstLine(String s) {
            if (s == null) {
                return "";
            }
            int nl = s.indexOf('\n');
            return (nl < 0 ? s : s.substring(0, nl)).trim();
        }
    }

    /** A real calendar day as YYYY-MM-DD. */
    static final class DateValue implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' 不是有效日期，应为 YYYY-MM-DD（如 2026-01-31）"
                        + " / '" + value + "' is not a valid date; expected YYYY-MM-DD (e.g. 2026-01-31)");
            }
        }
    }

    /** text, json, csv, html or pdf, in any case. */
    static final class FormatValue implements ITypeConverter<RatingReport.Format> {
        @Override
        public RatingReport.Format convert(String value) {
            try {
                return RatingReport.Format.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' 不是可用的格式，可用：text、json、csv、html、pdf"
                        + " / '" + value + "' is not a format; valid: text, json, csv, html, pdf");
            }
        }
    }

    /** zh or en. */
    static final class LangValue implements ITypeConverter<Lang> {
        @Override
        public Lang convert(String value) {
            try {
                return Lang.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' 不是可用的语言，可用：zh、en / '" + value + "' is not a language; valid: zh, en");
            }
        }
    }

    /** A PostgreSQL JDBC URL. */
    static final class JdbcUrlValue implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.startsWith("jdbc:postgresql:")) {
                throw new TypeConversionException("'" + value + "' 不是 PostgreSQL 的 JDBC 地址，应如 jdbc:postgresql://127.0.0.1:5432/sitewatch"
                        + " / '" + value + "' is not a PostgreSQL JDBC URL; expected e.g. jdbc:postgresql://127.0.0.1:5432/sitewatch");
            }
            return value;
        }
    }
}
