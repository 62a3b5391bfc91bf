package io.sitewatch.bench;

import io.sitewatch.alarms.AlarmsSchema;
import io.sitewatch.alarms.query.JdbcAlarmQueries;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.ingest.query.JdbcDeviceEvents;
import io.sitewatch.ingest.query.JdbcTelemetryRollups;
import io.sitewatch.ingest.store.IngestSchema;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.platform.login.PlatformSchema;
import io.sitewatch.registry.JdbcRegistryQueries;
import io.sitewatch.registry.RegistrySchema;
import io.sitewatch.registry.RegistryService;
import io.sitewatch.registry.RegistryStore;
import io.sitewatch.registry.RegistryCache;
import io.sitewatch.supervision.SupervisionSchema;
import io.sitewatch.supervision.risk.ProjectFacts;
import io.sitewatch.supervision.risk.RiskData;
import io.sitewatch.supervision.risk.RiskEvaluator;
import io.sitewatch.supervision.risk.RiskItem;
import io.sitewatch.supervision.risk.RiskModel;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The early-warning ranking over a province: {@code --projects} projects (default 10,000) of five
 * devices each — a tower crane, a hoist, a dust monitor, a pit sensor and a body-worn recorder —
 * with 30 days (November 2026) of hourly rollups, alarms with acknowledgements and disposals, major
 * hazards, key people's clock-ins and safety logs, and lifting machines' papers, written with COPY
 * into a database of its own (a fresh database on {@code --pg-url}, or a private cluster with
 * {@code --pg-bin}). Then it times what a ranking request does minus HTTP: {@link RiskData#facts}
 * (the ports' aggregate reads) and {@link RiskEvaluator#evaluate} (every scope), once to warm up
 * and {@code --runs} times measured, and prints gather, evaluate and total milliseconds and the
 * heap in use. The registry is loaded into memory first, as the running service holds it.
 */
@Command(name = "risk-ranking-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times the early-warning ranking over N projects x 30 days of rollups (issue 20).")
public final class RiskRankingBenchmark implements Callable<Integer> {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate FIRST = LocalDate.of(2026, 11, 1);
    static final int DAYS = 30;
    static final String[] REGIONS = {"350102", "350103", "350104", "350105", "350111", "350112", "350121", "350122", "350123", "350124",
        "350125", "350128", "350181", "350182", "350203", "350205", "350206", "350211", "350212", "350213"};

    @Option(names = "--projects", defaultValue = "10000", description = "Projects (default ${DEFAULT-VALUE}).")
    int projects;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs after one warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--model", defaultValue = RiskModel.DEFAULT_VERSION, description = "Risk model version (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "20261201", description = "Random seed of the generated province.")
    long seed;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/", description = "Server to create the database on.")
    String pgUrl;

    @Option(names = "--pg-user", defaultValue = "postgres")
    String pgUser;

    @Option(names = "--pg-password")
    String pgPassword;

    @Option(names = "--pg-bin", description = "Run a private PostgreSQL cluster from these binaries (initdb, pg_ctl) instead of --pg-url.")
    Path pgBin;

    @Option(names = "--keep", description = "Keep the database afterwards (its name is printed).")
    boolean keep;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RiskRankingBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RiskModel m = RiskModel.bundled(model);
        PrivatePostgres pg = pgBin == null ? null : PrivatePostgres.create(pgBin, 20);
        String server = pg == null ? pgUrl : pg.serverUrl();
        BenchDatabase db = new BenchDatabase(server, pg == null ? pgUser : "postgres", pg == null ? pgPassword : null,
                "sitewatch_risk_bench_" + System.currentTimeMillis());
        db.create();
        try {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(db.jdbcUrl());
            ds.setUser(pg == null ? pgUser : "postgres");
            if (pg == null && pgPassword != null) {
                ds.setPassword(pgPassword);
            }
            SchemaMigrator.migrate(ds, List.of(PlatformSchema.SCHEMA, RegistrySchema.SCHEMA, IngestSchema.choose(ds, "off").schema(),
                    AlarmsSchema.SCHEMA, SupervisionSchema.SCHEMA));
            long t0 = System.nanoTime();
            long[] rows = fill(ds);
            long fillMs = (System.nanoTime() - t0) / 1_000_000;
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE");
            }
            System.out.printf(Locale.ROOT, "[risk-bench] PostgreSQL %s, database %s%n", db.serverVersion(), db.name());
            System.out.printf(Locale.ROOT, "[risk-bench] filled in %d ms: %d projects, %d devices, %d hourly rollup rows, %d alarms, %d disposals,"
                    + " %d hazards, %d events (clock-ins and safety logs)%n", fillMs, rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6]);

            long r0 = System.nanoTime();
            RegistryService registry = new RegistryService(new RegistryStore(ds), new RegistryCache(), WireProtocol.v1());
            registry.loadAll();
            System.out.printf(Locale.ROOT, "[risk-bench] registry loaded into memory in %d ms (the service holds it already; not in the figures)%n",
                    (System.nanoTime() - r0) / 1_000_000);
            RiskData data = new RiskData(ds, registry.cache(), new JdbcRegistryQueries(ds), new JdbcAlarmQueries(ds),
                    new JdbcTelemetryRollups(ds), new JdbcDeviceEvents(ds), DutyRules.bundled());
            Instant from = FIRST.atStartOfDay(ZONE).toInstant();
            Instant to = FIRST.plusDays(DAYS).atStartOfDay(ZONE).toInstant();
            List<long[]> measured = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                System.gc();
                long a = System.nanoTime();
                List<ProjectFacts> facts = data.facts(m, from, to, null);
                long b = System.nanoTime();
                Map<String, List<RiskItem>> ranked = RiskEvaluator.evaluate(m, facts);
                long c = System.nanoTime();
                Runtime rt = Runtime.getRuntime();
                long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
                long[] r = {(b - a) / 1_000_000, (c - b) / 1_000_000, (c - a) / 1_000_000, heapMb};
                RiskItem top = ranked.get("project").get(0);
                System.out.printf(Locale.ROOT, "[risk-bench] %s: gather %d ms, evaluate %d ms, total %d ms, heap in use %d MB"
                                + " (%d projects, %d enterprises, %d regions; top %s %s)%n", run == 0 ? "warm-up" : "run " + run, r[0], r[1], r[2], r[3],
                        ranked.get("project").size(), ranked.get("enterprise").size(), ranked.get("region").size(), top.id(), top.score());
                if (run > 0) {
                    measured.add(r);
                }
            }
            breakdown(ds, registry, from, to);
            long[] totals = measured.stream().mapToLong(r -> r[2]).sorted().toArray();
            long median = totals[totals.length / 2];
            System.out.printf(Locale.ROOT, "[risk-bench] model %s, %d projects x %d days: median total %d ms (runs %s); target < 5000 ms: %s%n",
                    m.version(), projects, DAYS, median, Arrays.toString(measured.stream().mapToLong(r -> r[2]).toArray()),
                    median < 5000 ? "met" : "NOT met");
            return 0;
        } finally {
            if (keep) {
                System.out.println("[risk-bench] kept database " + db.name());
            } else {
                db.drop();
            }
            if (pg != null) {
                pg.close(Path.of(System.getProperty("java.io.tmpdir")));
            }
        }
    }

    /** Each read of the gather on its own, to say where the time goes (the same calls RiskData makes). */
    static void breakdown(PGSimpleDataSource ds, RegistryService registry, Instant from, Instant to) {
        List<String> ids = registry.cache().devices().stream().map(io.sitewatch.core.registry.Device::deviceId).toList();
        long a = System.nanoTime();
        int tallies = new JdbcAlarmQueries(ds).tallies(from, to, 86_400, 259_200, 5).size();
        long b = System.nanoTime();
        int active = new JdbcTelemetryRollups(ds).activeDaysByDevice(ids, from, to, ZONE).size();
        long c = System.nanoTime();
        int events = new JdbcDeviceEvents(ds).dutyEvents(from.minusSeconds(86_400), to).size();
        long d = System.nanoTime();
        int people = new JdbcRegistryQueries(ds).keyPersonnelOfAll().size();
        long e = System.nanoTime();
        int days = 0;
        for (io.sitewatch.core.registry.Site s : registry.cache().sites()) {
            days += registry.cache().calendar(s.siteId()).workingDays(FIRST, FIRST.plusDays(DAYS - 1)).size();
        }
        long f = System.nanoTime();
        System.out.printf(Locale.ROOT, "[risk-bench] breakdown: alarm tallies %d ms (%d), active days %d ms (%d devices), clock-ins and logs %d ms (%d),"
                        + " key people %d ms (%d sites), calendars %d ms (%d working days)%n", (b - a) / 1_000_000, tallies, (c - b) / 1_000_000, active,
                (d - c) / 1_000_000, events, (e - d) / 1_000_000, people, (f - e) / 1_000_000, days);
    }

    /** A buffer of COPY text rows sent in chunks; the table it references ({@code parent}) is sent first. */
    static final class Copy {
        private final CopyManager copy;
        private final String sql;
        private final Copy parent;
        private final StringBuilder b = new StringBuilder(1 << 20);
        long rows;

        Copy(CopyManager copy, String table, String columns) {
            this(copy, table, columns, null);
        }

        Copy(CopyManager copy, String table, String columns, Copy parent) {
            this.copy = copy;
            this.sql = "COPY " + table + " (" + columns + ") FROM STDIN";
            this.parent = parent;
        }

        void row(Object... values) throws Exception {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    b.append('\t');
                }
                b.append(values[i] == null ? "\\N" : values[i].toString());
            }
            b.append('\n');
            rows++;
            if (b.length() > (8 << 20)) {
                flush();
            }
        }

        void flush() throws Exception {
            if (parent != null) {
                parent.flush();
            }
            if (!b.isEmpty()) {
                copy.copyIn(sql, new StringReader(b.toString()));
                b.setLength(0);
            }
        }
    }

    /**
     * The province: per project a trouble level that makes its devices go quiet, its people stay
     * away and its logs go missing more often, and its alarms come more often and are handled more
     * slowly; about one project in ten has an open major hazard, one in twenty an expired paper.
     */
    long[] fill(PGSimpleDataSource ds) throws Exception {
        Random r = new Random(seed);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
            Copy sites = new Copy(cm, "site", "site_id, name, region, enterprise_code, enterprise_name, kind, start_date, end_date,"
                    + " location_lat, location_lon, location_radius_m, work_from_min, work_to_min, work_days");
            Copy devices = new Copy(cm, "device", "device_id, site_id, kind, name, period_s, schedule, registration_no, registration_valid_to,"
                    + " inspection_valid_to, fall_arrester_valid_to", sites);
            Copy people = new Copy(cm, "site_person", "site_id, person_id, name, role", sites);
            Copy hours = new Copy(cm, "telemetry_1h", "device_id, metric, bucket, min, max, sum, count");
            Copy alarms = new Copy(cm, "alarm", "id, site_id, region, device_id, device_kind, rule, metric, level, state, value, threshold,"
                    + " start_ts, end_ts, ack_by, ack_ts");
            Copy disposals = new Copy(cm, "alarm_event", "alarm_id, at, transition, level, state, actor, action", alarms);
            Copy hazards = new Copy(cm, "hazard", "id, site_id, region, level, category, text, source, origin_key, reported_by, state,"
                    + " reported_ts, deadline_ts");
            Copy events = new Copy(cm, "device_event", "device_id, ts, type, site_id, data, known_type, received_at");
            String[][] kinds = {{"TC", "tower_crane", "load_pct"}, {"HS", "hoist", "load_pct"}, {"ENV", "env", "pm10_ugm3"},
                {"PIT", "pit", "disp_mm"}, {"REC", "recorder", "battery_pct"}};
            long alarmNo = 0;
            for (int i = 1; i <= projects; i++) {
                String p = String.format(Locale.ROOT, "P%05d", i);
                String region = REGIONS[i % REGIONS.length];
                int enterprise = 1 + (i - 1) / 10;
                double trouble = Math.pow(r.nextDouble(), 3);
                double lat = 26.0 + r.nextDouble();
                double lon = 119.0 + r.nextDouble();
                sites.row(p, "基准项目" + i, region, String.format(Locale.ROOT, "91350%06dBENCH", enterprise), "基准建设" + enterprise + "公司",
                        "building", "2025-03-01", "2027-12-31", lat, lon, 300.0, 420, 1080, "{1,2,3,4,5,6}");
                LocalDate last = FIRST.plusDays(DAYS - 1);
                String expiry = r.nextInt(20) == 0 ? last.minusDays(5).toString() : r.nextInt(20) == 0 ? last.plusDays(12).toString()
                        : last.plusYears(1).toString();
                for (String[] k : kinds) {
                    String id = p + "-" + k[0];
                    boolean machine = k[1].equals("tower_crane") || k[1].equals("hoist");
                    boolean shift = machine || k[1].equals("recorder");
                    devices.row(id, p, k[1], k[0], 60, shift ? "working_hours" : "continuous", machine ? "闽A-" + id : null,
                            machine ? expiry : null, machine ? last.plusMonths(6).toString() : null,
                            k[1].equals("hoist") ? last.plusMonths(3).toString() : null);
                    for (int d = 0; d < DAYS; d++) {
                        LocalDate day = FIRST.plusDays(d);
                        boolean working = day.getDayOfWeek() != DayOfWeek.SUNDAY;
                        if ((shift && !working) || r.nextDouble() < 0.02 + 0.3 * trouble) {
                            continue;
                        }
                        int fromHour = shift ? 7 : 0;
                        int toHour = shift ? 18 : 24;
                        for (int h = fromHour; h < toHour; h++) {
                            hours.row(id, k[2], day.atTime(h, 0).atZone(ZONE).toInstant(), 1.0, 9.0, 300.0, 60);
                        }
                    }
                }
                people.row(p, p + "-PM", "项目经理" + i, "project_manager");
                people.row(p, p + "-SO", "安全员" + i, "safety_officer");
                for (int d = 0; d < DAYS; d++) {
                    LocalDate day = FIRST.plusDays(d);
                    if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        continue;
                    }
                    Instant received = day.atTime(8, 0).atZone(ZONE).toInstant();
                    if (r.nextDouble() > 0.5 * trouble) {
                        events.row(p + "-REC", day.atTime(7, 40).atZone(ZONE).toInstant(), "clock_in", p,
                                String.format(Locale.ROOT, "{\"officer_id\":\"%s-PM\",\"role\":\"project_manager\",\"lat\":%.6f,\"lon\":%.6f}",
                                        p, lat, lon), true, received);
                    }
                    if (r.nextDouble() > 0.3 * trouble) {
                        events.row(p + "-REC", day.atTime(7, 45).atZone(ZONE).toInstant(), "clock_in", p,
                                String.format(Locale.ROOT, "{\"officer_id\":\"%s-SO\",\"role\":\"safety_officer\",\"lat\":%.6f,\"lon\":%.6f}",
                                        p, lat, lon), true, received);
                        if (r.nextDouble() > 0.5 * trouble) {
                            LocalDate previous = day.minusDays(day.getDayOfWeek() == DayOfWeek.MONDAY ? 2 : 1);
                            events.row(p + "-REC", day.atTime(7, 50).atZone(ZONE).toInstant(), "safety_log", p,
                                    "{\"officer_id\":\"" + p + "-SO\",\"log_date\":\"" + previous + "\",\"sha256\":\"" + "0".repeat(64) + "\"}",
                                    true, received);
                        }
                    }
                    int n = r.nextDouble() < 0.3 + trouble ? 1 + r.nextInt(1 + (int) (4 * trouble)) : 0;
                    for (int a = 0; a < n; a++) {
                        String[] k = kinds[r.nextInt(4)];
                        String rule = switch (k[1]) {
                            case "tower_crane" -> r.nextBoolean() ? "tower_crane.load" : "tower_crane.moment";
                            case "hoist" -> "hoist.load";
                            case "env" -> "env.pm10_hourly";
                            default -> "pit.disp_rate";
                        };
                        String level = r.nextInt(3) == 0 ? "alarm" : "warning";
                        Instant start = day.atTime(8 + r.nextInt(9), r.nextInt(60)).atZone(ZONE).toInstant();
                        long ackAfter = (long) (60 + r.nextDouble() * 3600 * (1 + 20 * trouble));
                        String id = String.format(Locale.ROOT, "AL-%09d", ++alarmNo);
                        alarms.row(id, p, region, p + "-" + k[0], k[1], rule, k[2], level, "cleared", 110.0, 100.0, start,
                                start.plusSeconds(600), "site", start.plusSeconds(ackAfter));
                        if (level.equals("alarm") && r.nextDouble() > trouble) {
                            disposals.row(id, start.plusSeconds(ackAfter + (long) (r.nextDouble() * 7200 * (1 + 10 * trouble))), "disposed", level,
                                    "cleared", "site", "rectified");
                        }
                    }
                }
                if (r.nextDouble() < 0.1 + 0.3 * trouble) {
                    Instant reported = FIRST.plusDays(r.nextInt(DAYS)).atTime(10, 0).atZone(ZONE).toInstant();
                    hazards.row(String.format(Locale.ROOT, "HZ-%06d", i), p, region, "major", "起重机械", "塔吊力矩限制器失效", "regulator",
                            "regulator:HZ-" + i, "bench", "open", reported, reported.plusSeconds(86_400L * (1 + r.nextInt(10))));
                }
            }
            for (Copy x : List.of(sites, devices, people, hours, alarms, disposals, hazards, events)) {
                x.flush();
            }
            // What the hour rollup keeps beside telemetry_1h (ingest V15), derived as it derives it.
            try (Statement st = c.createStatement()) {
                st.execute("""
                        INSERT INTO device_day_hours (device_id, day, hours)
                        SELECT device_id, (bucket AT TIME ZONE 'UTC')::date, bit_or(1 << extract(hour FROM bucket AT TIME ZONE 'UTC')::int)
                        FROM telemetry_1h WHERE count > 0 GROUP BY 1, 2""");
            }
            c.commit();
            return new long[] {sites.rows, devices.rows, hours.rows, alarms.rows, disposals.rows, hazards.rows, events.rows};
        }
    }
}
