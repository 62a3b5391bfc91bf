package io.sitewatch.supervision.risk.cli;

import io.sitewatch.core.region.RegionCodes;
import io.sitewatch.platform.db.ReadOnlyDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sitewatch.supervision.risk.RiskItem;
import io.sitewatch.supervision.risk.RiskModel;
import io.sitewatch.supervision.risk.RiskRanking;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code sitewatch risk rank --from D --to D}: the early-warning ranking of a past window, printed
 * (back-testing: the same data and model version give the same scores). The composition root says
 * how to read the ranking's data from a database ({@code ranking}) and whether its schema is one
 * this version reads ({@code schema}). Reads only: the connection is read-only, nothing migrates;
 * stdout carries the ranking alone, a refusal is one line on stderr naming the flag.
 */
@Command(name = "risk", description = "Early warning (数字化预警).", subcommands = RiskCommand.Rank.class, mixinStandardHelpOptions = true)
public final class RiskCommand implements Runnable {

    /** Why a database cannot be read as it stands (one line), or empty when its schema is current. */
    @FunctionalInterface
    public interface SchemaCheck {
        Optional<String> problem(DataSource ds) throws SQLException;
    }

    /** The ranking over a database, as the composition root assembles it (it may read the registry first). */
    @FunctionalInterface
    public interface RankingSource {
        RiskRanking open(DataSource ds) throws SQLException;
    }

    @Spec
    CommandSpec spec;

    private final RankingSource ranking;
    private final SchemaCheck schema;

    public RiskCommand(RankingSource ranking, SchemaCheck schema) {
        this.ranking = ranking;
        this.schema = schema;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rank", mixinStandardHelpOptions = true,
            description = "Rank projects, enterprises or regions over [from, to] (whole days, China time). Reads only.")
    public static final class Rank implements Callable<Integer> {

        static final int REFUSED = 2;
        static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

        @Spec
        CommandSpec spec;

        @ParentCommand
        RiskCommand parent;

        @Option(names = "--from", required = true, converter = DateValue.class, description = "First day, YYYY-MM-DD.")
        LocalDate from;

        @Option(names = "--to", required = true, converter = DateValue.class, description = "Last day (included), YYYY-MM-DD.")
        LocalDate to;

        @Option(names = "--scope", defaultValue = "project", description = "project, enterprise or region (default ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--model", defaultValue = RiskModel.DEFAULT_VERSION, description = "Risk model version (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--region", description = "Only the projects of this 6-digit code (a city or province code covers its districts).")
        String region;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--jdbc-url", defaultValue = "${env:SITEWATCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/sitewatch}",
                description = "Database (env SITEWATCH_JDBC_URL, default ${DEFAULT-VALUE}).")
        String jdbcUrl;

        @Option(names = "--db-user", defaultValue = "${env:SITEWATCH_DB_USER:-postgres}", description = "Database user (env SITEWATCH_DB_USER).")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:SITEWATCH_DB_PASSWORD}", description = "Database password (env SITEWATCH_DB_PASSWORD).")
        String dbPassword;

        @Override
        public Integer call() throws Exception {
            if (!List.of("project", "enterprise", "region").contains(scope)) {
                return refuse("--scope：应为 project、enterprise 或 region，收到 '" + scope + "' / --scope: project, enterprise or region, got '"
                        + scope + "'");
            }
            if (!List.of("text", "json").contains(format)) {
                return refuse("--format：应为 text 或 json，收到 '" + format + "' / --format: text or json, got '" + format + "'");
            }
            if (region != null && !region.matches("\\d{6}")) {
                return refuse("--region：应为 6 位行政区划代码，收到 '" + region + "' / --region: a 6-digit code, got '" + region + "'");
            }
            if (to.isBefore(from)) {
                return refuse("--to（" + to + "）早于 --from（" + from + "）/ --to (" + to + ") is before --from (" + from + ")");
            }
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                return refuse("--jdbc-url：不是 PostgreSQL 的 JDBC 地址 / --jdbc-url: not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
            RiskModel m;
            try {
                m = RiskModel.bundled(model);
            } catch (IllegalArgumentException e) {
                return refuse("--model：没有版本 '" + model + "'（现有 " + String.join("、", RiskModel.SHIPPED) + "）/ --model: no version '" + model
                        + "' (shipped: " + String.join(", ", RiskModel.SHIPPED) + ")");
            }
            DataSource ds = ReadOnlyDatabase.dataSource(jdbcUrl, dbUser, dbPassword, "sitewatch risk rank");
            Optional<String> problem;
            try {
                problem = parent.schema.problem(ds);
            } catch (SQLException e) {
                if (!ReadOnlyDatabase.unreachable(e)) {
                    throw e;
                }
                return refuse("无法连接数据库 " + jdbcUrl + "：请检查 --jdbc-url、--db-user、--db-password / cannot reach the database "
                        + jdbcUrl + ": check --jdbc-url, --db-user, --db-password");
            }
            if (problem.isPresent()) {
                return refuse(problem.get());
            }
            Instant start = from.atStartOfDay(ZONE).toInstant();
            Instant end = to.plusDays(1).atStartOfDay(ZONE).toInstant();
            Predicate<String> inScope = region == null ? null : r -> covers(region, r);
            List<RiskItem> items = parent.ranking.open(ds).rank(m, scope, start, end, inScope);
            PrintWriter out = spec.commandLine().getOut();
            out.print("json".equals(format) ? json(m, start, end, items) : text(m, items));
            out.flush();
            return 0;
        }

        String json(RiskModel m, Instant start, Instant end, List<RiskItem> items) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", m.version());
            body.put("scope", scope);
            body.put("from", start.toEpochMilli());
            body.put("to", end.toEpochMilli());
            List<Map<String, Object>> list = new ArrayList<>();
            for (RiskItem i : items) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", i.id());
                o.put("name", i.name());
                o.put("region", i.region());
                o.put("score", i.score());
                o.put("rank", i.rank());
                List<Map<String, Object>> fs = new ArrayList<>();
                for (RiskItem.FactorScore f : i.factors()) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("id", f.id());
                    fm.put("value", f.value());
                    fm.put("weight", f.weight());
                    fm.put("contribution", f.contribution());
                    fm.put("evidence", f.evidence());
                    fs.add(fm);
                }
                o.put("factors", fs);
                list.add(o);
            }
            body.put("items", list);
            return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body) + "\n";
        }

        static String text(RiskModel m, List<RiskItem> items) {
            StringBuilder b = new StringBuilder();
            b.append("# ").append(m.label()).append(" / ").append(m.labelEn()).append('\n');
            b.append("rank\tid\tscore");
            m.factors().forEach(f -> b.append('\t').append(f.id()));
            b.append("\tname\n");
            for (RiskItem i : items) {
                b.append(i.rank()).append('\t').append(i.id()).append('\t').append(i.score().toPlainString());
                i.factors().forEach(f -> b.append('\t').append(f.contribution().toPlainString()));
                b.append('\t').append(i.name()).append('\n');
            }
            return b.toString();
        }


        private int refuse(String line) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.root().name() + ": " + line);
            err.flush();
            return REFUSED;
        }


        static boolean covers(String scope, String region) {
            return RegionCodes.covers(scope, region);
        }
    }

    /** A real calendar day as YYYY-MM-DD. */
    static final class DateValue implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' 不是有效日期，应为 YYYY-MM-DD / '" + value
                        + "' is not a valid date; expected YYYY-MM-DD");
            }
        }
    }
}
