package io.sitewatch.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault loop (issue 19): mixed device traffic at a steady rate through a persistent Mosquitto
 * into the service (a child JVM) and a PostgreSQL cluster of the loop's own, while, at seeded
 * random moments, the service is killed with SIGKILL (and started again at once, as a supervisor
 * would), PostgreSQL and the broker are restarted, and the database is held by a blocking client
 * (every free connection slot taken, the ingest tables locked). After each fault: how long until
 * the service was healthy again by itself, and until every message acknowledged before it was
 * found stored; at the end: every acknowledged message stored, none twice, one alarm per overload
 * sequence. Exits 1 on any loss, duplicate or missed recovery.
 */
@Command(name = "fault-loop", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Faults under load: SIGKILL, PostgreSQL and broker restarts, an exhausted connection pool; nothing lost, nothing twice.")
public final class FaultLoop implements Callable<Integer> {

    private static final String TOKEN = "bench-admin-token-0123456789";

    enum Fault { kill, pg_restart, broker_restart, pool_exhaustion }

    @Option(names = "--rate", defaultValue = "5000", description = "Messages per second in total (default ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--duration", defaultValue = "10m", description = "How long to publish: 600, 600s, 10m (default ${DEFAULT-VALUE}).")
    String duration;
    @Option(names = "--kills", defaultValue = "5", description = "SIGKILLs of the service (default ${DEFAULT-VALUE}).")
    int kills;
    @Option(names = "--pg-restarts", defaultValue = "3", description = "PostgreSQL restarts (default ${DEFAULT-VALUE}).")
    int pgRestarts;
    @Option(names = "--broker-restarts", defaultValue = "3", description = "Mosquitto restarts (default ${DEFAULT-VALUE}).")
    int brokerRestarts;
    @Option(names = "--pool-exhaustion", defaultValue = "1", description = "Times the database is held by a blocking client (default ${DEFAULT-VALUE}).")
    int poolExhaustions;
    @Option(names = "--seed", description = "Seed of the fault moments (default: the clock; printed, so a run can be repeated).")
    Long seed;
    @Option(names = "--devices", defaultValue = "1000", description = "Tower cranes of the background (default ${DEFAULT-VALUE}).")
    int devices;
    @Option(names = "--recorders", defaultValue = "50", description = "Safety recorders sending clock_in events (default ${DEFAULT-VALUE}).")
    int recorders;
    @Option(names = "--probes", defaultValue = "5", description = "Probe cranes sending overload sequences (default ${DEFAULT-VALUE}).")
    int probes;
    @Option(names = "--probe-interval-ms", defaultValue = "500", description = "Between two samples of a probe (default ${DEFAULT-VALUE}).")
    int probeIntervalMs;
    @Option(names = "--sites", defaultValue = "10", description = "Sites (default ${DEFAULT-VALUE}).")
    int sites;
    @Option(names = "--connections", defaultValue = "20", description = "Background publisher connections (default ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--window", defaultValue = "32", description = "Unacknowledged publishes per background connection (default ${DEFAULT-VALUE}).")
    int window;
    @Option(names = "--pg-down-ms", defaultValue = "3000", description = "How long PostgreSQL stays down (default ${DEFAULT-VALUE}).")
    long pgDownMs;
    @Option(names = "--broker-down-ms", defaultValue = "3000", description = "How long the broker stays down (default ${DEFAULT-VALUE}).")
    long brokerDownMs;
    @Option(names = "--pool-hold-s", defaultValue = "20", description = "How long the blocking client holds the database (default ${DEFAULT-VALUE}).")
    int poolHoldS;
    @Option(names = "--recover-timeout-s", defaultValue = "120", description = "Longest wait for the service to be healthy again (default ${DEFAULT-VALUE}).")
    int recoverTimeoutS;
    @Option(names = "--check-timeout-s", defaultValue = "240", description = "Longest wait for acknowledged messages to be stored (default ${DEFAULT-VALUE}).")
    int checkTimeoutS;
    @Option(names = "--pg-max-connections", defaultValue = "40", description = "max_connections of the private PostgreSQL (default ${DEFAULT-VALUE}).")
    int pgMaxConnections;
    @Option(names = "--pg-bin", defaultValue = "/usr/lib/postgresql/15/bin", description = "initdb and pg_ctl (default ${DEFAULT-VALUE}).")
    Path pgBin;
    @Option(names = "--xmx", defaultValue = "512m", description = "Heap of the service JVM (default ${DEFAULT-VALUE}).")
    String xmx;
    @Option(names = "--soak-interval", description = "Soak (issue 19): sample the service and report per interval of this length, "
            + "e.g. 5m, with the slope of each resource; run with every fault count 0 (bench/run-soak.sh).")
    String soakInterval;
    @Option(names = "--sample-every", defaultValue = "10s", description = "Between two soak samples (default ${DEFAULT-VALUE}).")
    String sampleEvery;
    @Option(names = "--service-jar", defaultValue = "service/target/sitewatch-service-0.1.0-SNAPSHOT.jar")
    Path serviceJar;
    @Option(names = "--broker-tuning", defaultValue = "service/deploy/mosquitto/conf.d/sitewatch-tuning.conf")
    Path brokerTuning;
    @Option(names = "--mosquitto", defaultValue = "/usr/sbin/mosquitto")
    Path mosquitto;
    @Option(names = "--work-dir", defaultValue = "bench/target/runs")
    Path workDir;

    private Path runDir;
    private ServiceProcess service;
    private int incarnation;
    private int httpPort;
    private Path config;
    private ServiceApi api;
    private long started;
    private SoakSampler soak;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultLoop()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** One fault as it happened. */
    record Outcome(int n, Fault fault, double atS, long recoveredMs, long caughtUpMs, FaultLedger.Counts counts,
                   FaultLedger.Alarms alarms, String note) {
    }

    @Override
    public Integer call() throws Exception {
        long durationMs = parseDuration(duration);
        long seedValue = seed != null ? seed : System.currentTimeMillis();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        runDir = Files.createDirectories(workDir.resolve("faults_" + stamp).toAbsolutePath());
        List<double[]> plan = new ArrayList<>();
        List<Fault> faults = plan(durationMs, seedValue, plan);
        StringBuilder head = new StringBuilder();
        head.append(String.format("fault loop: %.0f msg/s for %d s, seed %d, run folder %s%n", rate, durationMs / 1000, seedValue, runDir));
        for (int i = 0; i < faults.size(); i++) {
            head.append(String.format("  planned fault %2d at %6.1f s: %s%n", i + 1, plan.get(i)[0] / 1000, faults.get(i)));
        }
        System.out.print(head);
        Files.writeString(runDir.resolve("plan.txt"), head);

        PrivatePostgres pg = PrivatePostgres.create(pgBin, pgMaxConnections);
        Vertx vertx = Vertx.vertx();
        PersistentBroker broker = null;
        ReliablePublishers publishers = null;
        FaultLedger ledger = null;
        try {
            String dbUrl = pg.serverUrl() + "sitewatch";
            try (Connection c = DriverManager.getConnection(pg.serverUrl() + "postgres", "postgres", "");
                 Statement st = c.createStatement()) {
                // Not a superuser: the slots PostgreSQL reserves for superusers must not rescue the
                // service when the blocking client takes every other one.
                st.execute("CREATE ROLE sitewatch LOGIN");
                st.execute("CREATE DATABASE sitewatch OWNER sitewatch");
            }
            broker = PersistentBroker.start(mosquitto, brokerTuning, runDir);
            httpPort = io.sitewatch.testkit.TestBroker.freePort();
            config = runDir.resolve("service.yaml");
            Files.writeString(config, """
                    http: {host: 127.0.0.1, port: %d}
                    mqtt: {url: "tcp://127.0.0.1:%d", clientId: sitewatch-fault-loop}
                    database: {jdbcUrl: "%s", user: sitewatch, timescale: "off"}
                    auth:
                      tokens:
                        - {token: "%s", name: bench, role: admin}
                    """.formatted(httpPort, broker.port(), dbUrl, TOKEN));
            api = new ServiceApi(httpPort, TOKEN);
            startService();
            if (awaitReady(90_000) < 0) {
                throw new IllegalStateException("the service did not come up; see " + service.log());
            }

            List<FaultStream> streams = new ArrayList<>();
            publishers = new ReliablePublishers(vertx);
            register(streams, publishers);
            ledger = new FaultLedger(dbUrl, streams);

            publishers.start(broker.port());
            started = System.currentTimeMillis();
            if (soakInterval != null) {
                System.out.println(SoakSampler.header());
                soak = new SoakSampler(api, () -> service.pid(), parseDuration(sampleEvery), parseDuration(soakInterval),
                        runDir.resolve("soak-samples.csv"));
                soak.start();
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < faults.size(); i++) {
                long at = started + (long) plan.get(i)[0];
                while (System.currentTimeMillis() < at) {
                    Thread.sleep(Math.min(500, Math.max(1, at - System.currentTimeMillis())));
                }
                outcomes.add(inject(i + 1, faults.get(i), pg, broker, ledger, new Random(seedValue + i)));
                System.out.println(row(outcomes.get(outcomes.size() - 1)));
            }
            while (System.currentTimeMillis() < started + durationMs) {
                Thread.sleep(Math.min(500, Math.max(1, started + durationMs - System.currentTimeMillis())));
            }
            if (soak != null) {
                soak.close();
            }
            publishers.stopPublishing();
            long drainDeadline = System.currentTimeMillis() + checkTimeoutS * 1000L;
            while (!publishers.settled() && System.currentTimeMillis() < drainDeadline) {
                Thread.sleep(200);
            }
            long unacked = publishers.unacknowledged();
            // The end: everything acknowledged must be found stored, every complete sequence alarmed.
            long endStart = System.currentTimeMillis();
            Map<FaultStream, BitSet> all = ledger.ackedSnapshot();
            FaultLedger.Counts end = awaitStored(ledger, all, checkTimeoutS * 1000L);
            FaultLedger.Alarms alarms = awaitAlarms(ledger, endStart + checkTimeoutS * 1000L);
            Map<String, Long> dups = ledger.duplicates();
            Prometheus m = api.metrics();
            return report(outcomes, end, alarms, dups, unacked, publishers, m, seedValue, durationMs, ledger);
        } finally {
            if (publishers != null) {
                publishers.close();
            }
            if (ledger != null) {
                ledger.close();
            }
            if (service != null) {
                service.close();
            }
            if (broker != null) {
                broker.close();
            }
            vertx.close();
            pg.close(runDir);
        }
    }

    /** Fault kinds in a seeded random order at seeded random moments between 10 % and 90 % of the run. */
    private List<Fault> plan(long durationMs, long seedValue, List<double[]> moments) {
        List<Fault> faults = new ArrayList<>();
        faults.addAll(Collections.nCopies(kills, Fault.kill));
        faults.addAll(Collections.nCopies(pgRestarts, Fault.pg_restart));
        faults.addAll(Collections.nCopies(brokerRestarts, Fault.broker_restart));
        faults.addAll(Collections.nCopies(poolExhaustions, Fault.pool_exhaustion));
        Random r = new Random(seedValue);
        Collections.shuffle(faults, r);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            times.add(durationMs * (0.1 + 0.8 * r.nextDouble()));
        }
        Collections.sort(times);
        for (double t : times) {
            moments.add(new double[] {t});
        }
        return faults;
    }

    private void register(List<FaultStream> streams, ReliablePublishers publishers) throws Exception {
        Fleet fleet = Fleet.of(sites, devices);
        for (String s : fleet.siteIds()) {
            api.putSite(s);
        }
        // A long report period: a device silent while the broker restarts is no offline alarm here.
        List<FaultStream> cranes = new ArrayList<>();
        List<FaultStream> statuses = new ArrayList<>();
        for (int i = 0; i < fleet.devices().size(); i++) {
            Fleet.Device d = fleet.devices().get(i);
            api.putDevice(d.deviceId(), d.siteId(), "tower_crane", 3600);
            cranes.add(new FaultStream(FaultStream.Kind.TELEMETRY, d.siteId(), d.deviceId(), i * 7919));
            statuses.add(new FaultStream(FaultStream.Kind.STATUS, d.siteId(), d.deviceId(), i));
        }
        List<FaultStream> events = new ArrayList<>();
        for (int i = 0; i < recorders; i++) {
            String site = fleet.siteIds().get(i % sites);
            String id = String.format("BENCH-RC%03d", i + 1);
            api.putDevice(id, site, "recorder", 3600);
            events.add(new FaultStream(FaultStream.Kind.EVENT, site, id, i));
        }
        streams.addAll(cranes);
        streams.addAll(statuses);
        streams.addAll(events);
        double probeRate = 1000.0 / probeIntervalMs;
        double background = Math.max(1, rate - probes * probeRate);
        for (int c = 0; c < connections; c++) {
            // Per round: ten samples of each crane, one status of each, three clock_in of each recorder.
            List<FaultStream> schedule = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int d = c; d < cranes.size(); d += connections) {
                    schedule.add(cranes.get(d));
                }
                if (round % 3 == 0) {
                    for (int r = c; r < events.size(); r += connections) {
                        schedule.add(events.get(r));
                    }
                }
            }
            for (int d = c; d < statuses.size(); d += connections) {
                schedule.add(statuses.get(d));
            }
            if (!schedule.isEmpty()) {
                publishers.add("fault-pub-" + c, schedule, window, background / connections);
            }
        }
        for (int p = 0; p < probes; p++) {
            String site = fleet.siteIds().get(p % sites);
            String id = String.format("BENCH-PROBE%02d", p + 1);
            api.putDevice(id, site, "tower_crane", 3600);
            FaultStream probe = new FaultStream(FaultStream.Kind.PROBE, site, id, p);
            streams.add(probe);
            publishers.add("fault-probe-" + p, List.of(probe), 1, probeRate);
        }
    }

    private Outcome inject(int n, Fault fault, PrivatePostgres pg, PersistentBroker broker, FaultLedger ledger, Random random)
            throws Exception {
        long t0 = System.currentTimeMillis();
        double atS = (t0 - started) / 1000.0;
        System.out.printf(Locale.ROOT, "[%7.1f s] fault %d: %s%n", atS, n, fault);
        String note = "";
        long recoverFrom = t0;
        switch (fault) {
            case kill -> {
                service.kill();
                startService();
            }
            case pg_restart -> {
                pg.stop();
                Thread.sleep(pgDownMs);
                pg.start();
                note = "down " + pgDownMs + " ms";
            }
            case broker_restart -> {
                broker.restart(brokerDownMs);
                note = "down " + brokerDownMs + " ms";
            }
            case pool_exhaustion -> {
                note = holdDatabase(pg);
                recoverFrom = System.currentTimeMillis();
            }
        }
        long ready = awaitReady(recoverTimeoutS * 1000L);
        long recoveredMs = ready < 0 ? -1 : ready - recoverFrom;
        Map<FaultStream, BitSet> before = ledger.ackedSnapshot();
        FaultLedger.Counts counts = awaitStored(ledger, before, checkTimeoutS * 1000L);
        long missing = ledger.missingOf(before);
        long caughtUp = missing > 0 ? -1 : System.currentTimeMillis() - t0;
        FaultLedger.Alarms alarms = awaitAlarms(ledger, System.currentTimeMillis() + 30_000);
        // Missing here: acknowledged before the service was healthy again and still not stored
        // after --check-timeout-s (later messages may simply be on their way).
        return new Outcome(n, fault, atS, recoveredMs, caughtUp,
                new FaultLedger.Counts(counts.acked(), counts.stored(), missing, counts.unexpected()), alarms, note);
    }

    /**
     * The blocking client: every connection slot PostgreSQL has left, each idle in a transaction,
     * one of them holding an exclusive lock on the ingest tables, for {@code --pool-hold-s}: the
     * service's writers wait on the lock with every pooled connection, and no new one can be had.
     */
    private String holdDatabase(PrivatePostgres pg) throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            Connection locker = DriverManager.getConnection(pg.serverUrl() + "sitewatch", "postgres", "");
            held.add(locker);
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE telemetry_sample, device_event, device_status IN ACCESS EXCLUSIVE MODE");
            }
            while (true) {
                try {
                    Connection c = DriverManager.getConnection(pg.serverUrl() + "sitewatch", "postgres", "");
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT 1");
                    }
                    held.add(c);
                } catch (SQLException full) {
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "  holding %d connections (ingest tables locked) for %d s%n", held.size(), poolHoldS);
            Thread.sleep(poolHoldS * 1000L);
            return held.size() + " connections, tables locked " + poolHoldS + " s";
        } finally {
            for (Connection c : held) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // released either way
                }
            }
        }
    }

    private void startService() throws Exception {
        incarnation++;
        service = ServiceProcess.start(serviceJar.toAbsolutePath(), xmx, List.of(), config, httpPort, runDir,
                "service-" + incarnation + ".log");
    }

    /**
     * Waits until /health says database reachable and broker connected, and the consumer's
     * {@code sitewatch_mqtt_connected} gauge is 1; returns when, or -1 after {@code timeoutMs}.
     */
    private long awaitReady(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (api.ready()) {
                try {
                    if (api.metrics().sum("sitewatch_mqtt_connected") == 1) {
                        return System.currentTimeMillis();
                    }
                } catch (Exception notYet) {
                    // metrics not served yet
                }
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private FaultLedger.Counts awaitStored(FaultLedger ledger, Map<FaultStream, BitSet> target, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        FaultLedger.Counts c;
        while (true) {
            try {
                c = ledger.scan();
            } catch (SQLException e) {
                // The database may be unreachable right after a fault; the next scan will tell.
                c = null;
            }
            long missing = ledger.missingOf(target);
            if (c != null && missing == 0) {
                return c;
            }
            if (System.currentTimeMillis() > deadline) {
                return c == null ? new FaultLedger.Counts(0, 0, missing, 0) : c;
            }
            Thread.sleep(1000);
        }
    }

    private FaultLedger.Alarms awaitAlarms(FaultLedger ledger, long deadline) throws Exception {
        while (true) {
            FaultLedger.Alarms a;
            try {
                a = ledger.alarms();
            } catch (SQLException e) {
                a = null;
            }
            if (a != null && (a.lost() == 0 || System.currentTimeMillis() > deadline)) {
                return a;
            }
            if (a == null && System.currentTimeMillis() > deadline) {
                throw new SQLException("the alarms could not be read");
            }
            Thread.sleep(1000);
        }
    }

    private static String row(Outcome o) {
        return String.format(Locale.ROOT, "%3d  %-16s %8.1f  %12s  %12s  %10d  %8d  %8d  %6d/%6d/%4d/%4d  %s",
                o.n(), o.fault(), o.atS(), ms(o.recoveredMs()), ms(o.caughtUpMs()), o.counts().acked(), o.counts().missing(),
                o.counts().unexpected(), o.alarms().expected(), o.alarms().raised(), o.alarms().lost(), o.alarms().duplicated(),
                o.note());
    }

    private static String ms(long v) {
        return v < 0 ? "NOT" : String.format(Locale.ROOT, "%.1f s", v / 1000.0);
    }

    private int report(List<Outcome> outcomes, FaultLedger.Counts end, FaultLedger.Alarms alarms, Map<String, Long> dups,
                       long unacked, ReliablePublishers publishers, Prometheus m, long seedValue, long durationMs,
                       FaultLedger ledger) throws Exception {
        StringBuilder out = new StringBuilder("\n==== SiteWatch fault loop ====\n");
        out.append(String.format(Locale.ROOT, "run            %s, seed %d, %.0f msg/s for %d s, %s%n", runDir.getFileName(), seedValue,
                rate, durationMs / 1000, Machine.describe()));
        out.append(String.format(Locale.ROOT, "traffic        %d cranes (telemetry + status), %d recorders (clock_in), %d overload probes, "
                + "%d connections, QoS 1, clean session false%n", devices, recorders, probes, connections));
        out.append("\nper fault (recovered = healthy with the consumer connected, from the fault's end; caught up = every message "
                + "acknowledged by then found stored, from the fault's start)\n");
        out.append("  n  fault                at s     recovered     caught up       acked   missing  unexpect  "
                + "alarms exp/raised/lost/dup  note\n");
        for (Outcome o : outcomes) {
            out.append(row(o)).append('\n');
        }
        long dupTotal = dups.values().stream().mapToLong(Long::longValue).sum();
        out.append("\nat the end\n");
        out.append(String.format(Locale.ROOT, "messages_acknowledged   %d (unacknowledged after the drain: %d; publisher reconnects %d, "
                + "messages sent again %d, PUBACKs for no waiting message %d)%n", end.acked(), unacked, publishers.reconnects(),
                publishers.resent(), publishers.unknownAcks()));
        out.append(String.format(Locale.ROOT, "acknowledged_msg_per_s  %.0f (offered %.0f)%n", end.acked() * 1000.0 / durationMs, rate));
        out.append(String.format(Locale.ROOT, "messages_stored         %d%n", end.stored()));
        out.append(String.format(Locale.ROOT, "messages_missing        %d%n", end.missing()));
        out.append(String.format(Locale.ROOT, "rows_unexpected         %d %s%n", end.unexpected(), end.unexpected() == 0 ? "" : ledger.unexpectedSample(5)));
        out.append(String.format(Locale.ROOT, "duplicates              %d %s%n", dupTotal, dups));
        out.append(String.format(Locale.ROOT, "redeliveries_dropped    %.0f (sitewatch_ingest_duplicates_total of the last incarnation)%n",
                m.sum("sitewatch_ingest_duplicates_total")));
        out.append(String.format(Locale.ROOT, "alarms                  expected %d, raised %d, lost %d, duplicated %d, unexpected %d%n",
                alarms.expected(), alarms.raised(), alarms.lost(), alarms.duplicated(), alarms.unexpected()));
        out.append(String.format(Locale.ROOT, "other_alarms            %s%n", alarms.otherAlarms()));
        for (String d : alarms.details().subList(0, Math.min(20, alarms.details().size()))) {
            out.append("  ").append(d).append('\n');
        }
        boolean soakFlat = true;
        if (soak != null) {
            out.append("\nsoak: per interval (lag = device timestamp to commit; alarm = message received to alarm emitted; "
                    + "heap after GC read after jcmd GC.run at each interval's end; max* = upper bound of the highest bucket)\n");
            out.append(SoakSampler.header()).append('\n');
            for (SoakSampler.Interval i : soak.intervals()) {
                out.append(SoakSampler.row(i)).append('\n');
            }
            out.append(String.format(Locale.ROOT, "%nsoak: trends over the intervals after the first (least squares; flat = fitted growth "
                    + "under %.0f %% of the mean, or under a small absolute tolerance)%n", SoakSampler.FLAT_SHARE * 100));
            for (SoakSampler.Trend t : soak.trends()) {
                out.append(String.format(Locale.ROOT, "  %-26s mean %10.1f %-4s slope %+10.2f %s/h  growth %+6.1f %%  %s%n", t.name(),
                        t.mean(), t.unit(), t.perHour(), t.unit(), t.growthShare() * 100, t.verdict()));
                soakFlat &= !t.growing();
            }
            if (soak.failure() != null) {
                out.append("  sampler failed: ").append(soak.failure()).append('\n');
                soakFlat = false;
            }
        }
        long notRecovered = outcomes.stream().filter(o -> o.recoveredMs() < 0 || o.caughtUpMs() < 0).count();
        out.append(String.format(Locale.ROOT, "faults_not_recovered    %d of %d%n", notRecovered, outcomes.size()));
        boolean ok = end.missing() == 0 && dupTotal == 0 && end.unexpected() == 0 && unacked == 0 && alarms.lost() == 0
                && alarms.duplicated() == 0 && alarms.unexpected() == 0 && notRecovered == 0 && alarms.otherAlarms().isEmpty() && soakFlat;
        out.append("verdict                 ").append(ok ? "PASS" : "FAIL").append('\n');
        out.append("==== end ====\n");
        System.out.print(out);
        Files.writeString(runDir.resolve("figures.txt"), out);
        return ok ? 0 : 1;
    }

    static long parseDuration(String d) {
        String s = d.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Long.parseLong(s.substring(0, s.length() - 2));
        }
        if (s.endsWith("h")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 3_600_000L;
        }
        if (s.endsWith("m")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 60_000L;
        }
        if (s.endsWith("s")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 1000L;
        }
        return Long.parseLong(s) * 1000L;
    }
}
