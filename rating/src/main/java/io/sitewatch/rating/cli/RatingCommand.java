package io.sitewatch.rating.cli;

import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.workflow.RatingWorkflow;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch rating compute --site S --from D --to D}: a rating computed now, printed. The
 * data the rating reads belongs to other modules; the composition root that registers the command
 * says how to read it from a database ({@code data}).
 */
@Command(name = "rating", description = "Star rating (智慧工地星级评价).", subcommands = RatingCommand.Compute.class,
        mixinStandardHelpOptions = true)
public final class RatingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    private final Function<DataSource, RatingData> data;

    /** @param data the rating's data over a database, as the composition root assembles it */
    public RatingCommand(Function<DataSource, RatingData> data) {
        this.data = data;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "compute", mixinStandardHelpOptions = true,
            description = "Compute a site's rating over [from, to] (whole days in the site's time zone) with the current catalogue.")
    public static final class Compute implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        RatingCommand parent;

        @Option(names = "--site", required = true, description = "Site id.")
        String site;

        @Option(names = "--from", required = true, description = "First day, YYYY-MM-DD.")
        LocalDate from;

        @Option(names = "--to", required = true, description = "Last day (included), YYYY-MM-DD.")
        LocalDate to;

        @Option(names = "--jdbc-url", defaultValue = "${env:SITEWATCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/sitewatch}",
                description = "Database (env SITEWATCH_JDBC_URL, default ${DEFAULT-VALUE}).")
        String jdbcUrl;

        @Option(names = "--db-user", defaultValue = "${env:SITEWATCH_DB_USER:-postgres}", description = "Database user (env SITEWATCH_DB_USER).")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:SITEWATCH_DB_PASSWORD}", description = "Database password (env SITEWATCH_DB_PASSWORD).")
        String dbPassword;

        @Option(names = "--format", defaultValue = "text", description = "text, json, csv or html (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            RatingReport.Format f = RatingReport.format(format);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("--to must not be before --from");
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(jdbcUrl);
            ds.setUser(dbUser);
            if (dbPassword != null) {
                ds.setPassword(dbPassword);
            }
            // Read-only: the schema belongs to the service, which migrates it at start.
            if (!SchemaMigrator.tableExists(ds, "rating_submission")) {
                throw new IllegalStateException("the database has no SiteWatch rating tables: start the service on it once"
                        + " (./sitewatch serve) to create them");
            }
            RatingData data = parent.data.apply(ds);
            ZoneId zone = ZoneId.of(data.site(site).map(s -> s.timezone()).orElseThrow(
                    () -> new IllegalArgumentException("no site " + site)));
            RatingWorkflow workflow = new RatingWorkflow(new RatingStore(ds), data, Clock.systemUTC());
            var computed = workflow.compute(site, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
            PrintWriter out = spec.commandLine().getOut();
            out.print(RatingReport.render(computed.result(), f));
            out.flush();
            return 0;
        }
    }
}
