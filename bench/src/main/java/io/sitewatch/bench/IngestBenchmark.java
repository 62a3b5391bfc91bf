package io.sitewatch.bench;

import io.sitewatch.testkit.TestBroker;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ingest benchmark (issue 2). Mode {@code ingest} (default) runs, on this machine:
 * <ol>
 *   <li>raw relay: publishers → a fresh Mosquitto → a subscriber that only counts;</li>
 *   <li>ingest: the same publishers → a fresh Mosquitto (same tuning) → the SiteWatch service in a
 *   child JVM → a fresh PostgreSQL database, for {@code --duration} seconds, then until the broker's
 *   backlog is drained;</li>
 * </ol>
 * and prints ingest msg/s, relay msg/s, their ratio, rows/s, lag percentiles, messages lost and
 * the service's peak heap. Mode {@code client-choice} measures the raw relay rate once per
 * subscriber client (Vert.x MQTT, Paho v5), {@code --repeat} times, alternating.
 */
@Command(name = "ingest-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "SiteWatch ingest benchmark: crane telemetry over QoS 1 through Mosquitto into PostgreSQL.")
public final class IngestBenchmark implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestBenchmark.class);
    private static final String TOKEN = "bench-admin-token-0123456789";

    enum Mode { ingest, relay, client_choice }

    @Option(names = "--mode", defaultValue = "ingest",
            description = "ingest (relay + ingest), relay (relay only) or client_choice (Vert.x vs Paho subscriber). Default ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--devices", defaultValue = "1000", description = "Tower cranes (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--sites", defaultValue = "10", description = "Sites the cranes are spread over (default ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--connections", defaultValue = "50", description = "Publisher MQTT connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--window", defaultValue = "32",
            description = "Unacknowledged QoS 1 publishes allowed per publisher connection (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", defaultValue = "0",
            description = "Total publish rate of the ingest phase, msg/s; 0 = as fast as the broker acknowledges (default ${DEFAULT-VALUE}). The relay phase is always unpaced.")
    double rate;

    @Option(names = "--duration", defaultValue = "120", description = "Seconds of publishing in the ingest phase (default ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--relay-duration", defaultValue = "60", description = "Seconds of publishing in the relay phase (default ${DEFAULT-VALUE}).")
    int relayDuration;

    @Option(names = "--max-backlog", defaultValue = "1000000",
            description = "Ingest phase: pause the publishers while the broker holds more than this many messages the "
                    + "service has not committed, resume below half of it; 0 = never pause (default ${DEFAULT-VALUE}). "
                    + "Unbounded, a fast relay against a slower service piled up ~7 M messages in 120 s and "
                    + "Mosquitto reached its memory_limit (docs/broker.md).")
    long maxBacklog;

    @Option(names = "--relay-connections", defaultValue = "1",
            description = "Connections of the counting subscriber; more than one share the subscription "
                    + "($share/bench-relay/…), as several consumers in a shared group would (default ${DEFAULT-VALUE}).")
    int relayConnections;

    @Option(names = "--relay-after", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Measure the raw relay again after the ingest phase and take the ratio against the mean of "
                    + "both relay runs (default ${DEFAULT-VALUE}): on a shared machine the relay alone drifts by tens of "
                    + "percent over minutes. --no-relay-after measures it once, before.")
    boolean relayAfter;

    @Option(names = "--repeat", defaultValue = "2", description = "client_choice: rounds per client (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--paho-receive-maximum", defaultValue = "0",
            description = "client_choice: receive maximum the Paho subscriber announces; 0 = Paho's default (default ${DEFAULT-VALUE}).")
    int pahoReceiveMaximum;

    @Option(names = "--drain-timeout", defaultValue = "600",
            description = "Seconds to wait, after publishing stops, for the backlog to be stored (default ${DEFAULT-VALUE}).")
    int drainTimeout;

    @Option(names = "--stall-timeout", defaultValue = "30",
            description = "Stop waiting when nothing new was stored for this many seconds (default ${DEFAULT-VALUE}).")
    int stallTimeout;

    @Option(names = "--xmx", defaultValue = "512m", description = "Heap limit of the service JVM (default ${DEFAULT-VALUE}).")
    String xmx;

    @Option(names = "--service-jvm-arg", description = "Extra JVM option for the service (repeatable).")
    List<String> serviceJvmArgs = new ArrayList<>();

    @Option(names = "--service-config", description = "Service configuration override key=value, e.g. ingest.batchMaxMessages=2000 (repeatable).")
    Map<String, String> serviceConfig = new LinkedHashMap<>();

    @Option(names = "--service-jar", defaultValue = "service/target/sitewatch-service-0.1.0-SNAPSHOT.jar",
            description = "The service jar, its lib/ beside it (default ${DEFAULT-VALUE}).")
    Path serviceJar;

    @Option(names = "--broker-tuning", defaultValue = "service/deploy/mosquitto/conf.d/sitewatch-tuning.conf",
            description = "Mosquitto tuning shared with production (default ${DEFAULT-VALUE}).")
    Path brokerTuning;

    @Option(names = "--mosquitto", defaultValue = "/usr/sbin/mosquitto", description = "Mosquitto binary (default ${DEFAULT-VALUE}).")
    Path mosquitto;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/",
            description = "PostgreSQL server; a fresh database is created on it per run (default ${DEFAULT-VALUE}).")
    String pgUrl;

    @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String pgUser;

    @Option(names = "--pg-password", description = "PostgreSQL password (none by default).")
    String pgPassword;

    @Option(names = "--keep-db", description = "Keep the run's database (dropped by default).")
    boolean keepDb;

    @Option(names = "--work-dir", defaultValue = "bench/target/runs",
            description = "Where each run keeps its configs and the service/broker logs (default ${DEFAULT-VALUE}).")
    Path workDir;

    private final Map<String, String> figures = new LinkedHashMap<>();
    private Path runDir;
    private Fleet fleet;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        runDir = workDir.resolve(stamp).toAbsolutePath();
        Files.createDirectories(runDir);
        fleet = Fleet.of(sites, devices);
        put("run", stamp + " (logs in " + runDir + ")");
        put("machine", Machine.describe());
        put("devices", devices + " tower cranes on " + sites + " sites, " + CraneTelemetry.METRICS_PER_MESSAGE + " metrics per message, QoS 1");
        put("publishers", connections + " Vert.x MQTT connections, window " + window + " per connection, "
                + (rate > 0 ? "paced at " + fmt(rate) + " msg/s" : "unpaced"));
        put("broker_tuning", brokerTuning + " (" + Machine.tuningSummary(brokerTuning) + ")");
        Vertx vertx = Vertx.vertx();
        try {
            switch (mode) {
                case relay -> relayPhase(vertx, () -> new VertxRelaySubscriber(relayConnections), "relay", relayDuration);
                case client_choice -> clientChoice(vertx);
                case ingest -> {
                    Relay before = relayPhase(vertx, () -> new VertxRelaySubscriber(relayConnections), "relay", relayDuration);
                    Ingest ingest = ingestPhase(vertx);
                    Relay after = relayAfter
                            ? relayPhase(vertx, () -> new VertxRelaySubscriber(relayConnections), "relay_after", relayDuration) : null;
                    summary(ingest, before, after);
                }
            }
        } finally {
            vertx.close();
        }
        printFigures();
        return 0;
    }

    record Relay(long acked, long received, double msgPerS, double publishMsgPerS) {
    }

    /** The ingest phase's headline figures, printed at the end with the ratio. */
    record Ingest(double msgPerS, double rowsPerS, double lagP50Ms, double lagP99Ms, long lost, String heap) {
    }

    private void summary(Ingest ingest, Relay before, Relay after) {
        double relay = after == null ? before.msgPerS() : (before.msgPerS() + after.msgPerS()) / 2;
        figures.put("", "");
        put("ingest_msg_per_s", fmt(ingest.msgPerS()));
        if (after == null) {
            put("raw_relay_msg_per_s", fmt(relay) + " (before the ingest phase)");
        } else {
            put("raw_relay_msg_per_s", fmt(relay) + " (mean of " + fmt(before.msgPerS()) + " before and "
                    + fmt(after.msgPerS()) + " after the ingest phase)");
        }
        put("ratio", String.format("%.2f", ingest.msgPerS() / relay)
                + (after == null ? "" : String.format(" (%.2f against the relay before, %.2f against the one after)",
                        ingest.msgPerS() / before.msgPerS(), ingest.msgPerS() / after.msgPerS())));
        put("rows_per_s", fmt(ingest.rowsPerS()));
        put("lag_p50_ms", fmt(ingest.lagP50Ms()) + " (service histogram sitewatch_ingest_lag_seconds: device ts → commit)");
        put("lag_p99_ms", fmt(ingest.lagP99Ms()));
        put("messages_lost", Long.toString(ingest.lost()));
        put("peak_heap_mb", ingest.heap());
    }

    private void clientChoice(Vertx vertx) throws Exception {
        List<Double> vx = new ArrayList<>();
        List<Double> paho = new ArrayList<>();
        String vxName = null;
        String pahoName = null;
        for (int r = 1; r <= repeat; r++) {
            VertxRelaySubscriber v = new VertxRelaySubscriber(1);
            vxName = v.name();
            Relay a = relayPhase(vertx, () -> v, "vertx_round" + r, relayDuration);
            vx.add(a.msgPerS());
            PahoRelaySubscriber p = new PahoRelaySubscriber(pahoReceiveMaximum);
            pahoName = p.name();
            Relay b = relayPhase(vertx, () -> p, "paho_round" + r, relayDuration);
            paho.add(b.msgPerS());
        }
        double vxMean = vx.stream().mapToDouble(d -> d).average().orElse(0);
        double pahoMean = paho.stream().mapToDouble(d -> d).average().orElse(0);
        put("client_vertx", vxName);
        put("client_paho", pahoName);
        put("relay_vertx_msg_per_s_mean", fmt(vxMean));
        put("relay_paho_msg_per_s_mean", fmt(pahoMean));
        put("vertx_over_paho", String.format("%.2f", vxMean / pahoMean));
    }

    /** Publishers → fresh Mosquitto → counting subscriber; relay msg/s = received / (first publish → last receive). */
    private Relay relayPhase(Vertx vertx, Supplier<RelaySubscriber> subscriberFactory, String label, int seconds)
            throws Exception {
        LOG.info("[{}] starting Mosquitto and the counting subscriber", label);
        try (TestBroker broker = TestBroker.builder().binary(mosquitto).tuning(brokerTuning)
                .directory(runDir.resolve(label)).fullLog().start();
             RelaySubscriber sub = subscriberFactory.get()) {
            sub.connect(broker.port());
            // Unpaced whatever --rate says: this phase measures what the broker can relay.
            PublisherFleet pubs = new PublisherFleet(vertx, fleet, connections, window, 0);
            pubs.connect(broker.port());
            long cpu0 = Machine.cpuMillis(broker.pid());
            long selfCpu0 = Machine.cpuMillis(ProcessHandle.current().pid());
            long busy0 = Machine.busyMillis();
            pubs.start();
            LOG.info("[{}] publishing for {} s through {}", label, seconds, sub.name());
            long end = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
                LOG.info("[{}] acked {} received {}", label, pubs.acknowledged(), sub.received());
            }
            pubs.stop(30_000);
            long acked = pubs.acknowledged();
            long last = sub.received();
            long lastChange = System.currentTimeMillis();
            while (sub.received() < acked && System.currentTimeMillis() - lastChange < 5_000) {
                Thread.sleep(50);
                if (sub.received() != last) {
                    last = sub.received();
                    lastChange = System.currentTimeMillis();
                }
            }
            long received = sub.received();
            double elapsed = (sub.lastReceiveMs() - pubs.firstPublishMs()) / 1000.0;
            double publishElapsed = (pubs.lastAckMs() - pubs.firstPublishMs()) / 1000.0;
            Relay relay = new Relay(acked, received, received / elapsed, acked / publishElapsed);
            long brokerCpu = Machine.cpuMillis(broker.pid()) - cpu0;
            long selfCpu = Machine.cpuMillis(ProcessHandle.current().pid()) - selfCpu0;
            long otherCpu = Machine.busyMillis() - busy0 - brokerCpu - selfCpu;
            pubs.close();
            put(label + "_subscriber", sub.name());
            put(label + "_published_acked", Long.toString(acked));
            put(label + "_received", received + " (missing " + (acked - received) + ")");
            put(label + "_seconds", fmt2(elapsed) + " (first publish → last receive)");
            put(label + "_publish_msg_per_s", fmt(relay.publishMsgPerS()));
            put(label + "_msg_per_s", fmt(relay.msgPerS()));
            put(label + "_cpu_pct", "mosquitto " + fmt(brokerCpu / 10.0 / elapsed) + ", benchmark publishers + subscriber "
                    + fmt(selfCpu / 10.0 / elapsed) + ", everything else " + fmt(Math.max(0, otherCpu) / 10.0 / elapsed)
                    + " (% of one core)");
            LOG.info("[{}] {} msg/s", label, fmt(relay.msgPerS()));
            return relay;
        }
    }

    private Ingest ingestPhase(Vertx vertx) throws Exception {
        BenchDatabase db = new BenchDatabase(pgUrl, pgUser, pgPassword, "sw_bench_" + runDir.getFileName());
        db.create();
        put("database", db.name() + " on " + pgUrl + " (PostgreSQL " + db.serverVersion() + ")"
                + (keepDb ? ", kept" : ", dropped after the run"));
        Path dir = runDir.resolve("ingest");
        try (TestBroker broker = TestBroker.builder().binary(mosquitto).tuning(brokerTuning)
                .directory(dir).fullLog().start()) {
            int httpPort = TestBroker.freePort();
            Path config = dir.resolve("service.yaml");
            Files.writeString(config, serviceYaml(broker.port(), httpPort, db.jdbcUrl()));
            LOG.info("[ingest] starting the service (-Xmx{}), config {}", xmx, config);
            try (ServiceProcess service = ServiceProcess.start(serviceJar.toAbsolutePath(), xmx, serviceJvmArgs, config, httpPort, dir)) {
                ServiceApi api = new ServiceApi(httpPort, TOKEN);
                long deadline = System.currentTimeMillis() + 90_000;
                while (!api.ready()) {
                    if (!service.alive() || System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the service did not come up; see " + service.log());
                    }
                    Thread.sleep(250);
                }
                LOG.info("[ingest] service up; registering {} sites and {} devices", sites, devices);
                for (String site : fleet.siteIds()) {
                    api.putSite(site);
                }
                for (Fleet.Device d : fleet.devices()) {
                    api.putDevice(d.deviceId(), d.siteId());
                }
                return runIngest(vertx, api, service, broker, db);
            }
        } finally {
            if (!keepDb) {
                try {
                    db.drop();
                } catch (Exception e) {
                    LOG.warn("could not drop {}: {}", db.name(), e.toString());
                }
            }
        }
    }

    private Ingest runIngest(Vertx vertx, ServiceApi api, ServiceProcess service, TestBroker broker,
                           BenchDatabase db) throws Exception {
        String accepted = "sitewatch_ingest_messages_accepted_total";
        Prometheus base = api.metrics();
        double accepted0 = base.sum(accepted, "channel=\"telemetry\"");
        double duplicates0 = base.sum("sitewatch_ingest_duplicates_total", "what=\"value\"");
        PublisherFleet pubs = new PublisherFleet(vertx, fleet, connections, window, rate);
        pubs.connect(broker.port());
        HeapWatch heap = new HeapWatch();
        long serviceCpu0 = Machine.cpuMillis(service.pid());
        long brokerCpu0 = Machine.cpuMillis(broker.pid());
        long pgCpu0 = Machine.postgresCpuMillis();
        long selfCpu0 = Machine.cpuMillis(ProcessHandle.current().pid());
        long busy0 = Machine.busyMillis();
        pubs.start();
        LOG.info("[ingest] publishing for {} s", duration);
        long end = System.currentTimeMillis() + duration * 1000L;
        long nextLog = System.currentTimeMillis() + 10_000;
        long peakBacklog = 0;
        int pauses = 0;
        long pausedMs = 0;
        long pausedSince = 0;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.max(1, Math.min(1_000, end - System.currentTimeMillis())));
            Prometheus m = scrape(api, service);
            if (m == null) {
                continue;
            }
            heap.sample(m);
            long stored = (long) (m.sum(accepted, "channel=\"telemetry\"") - accepted0);
            long backlog = pubs.acknowledged() - stored;
            peakBacklog = Math.max(peakBacklog, backlog);
            if (maxBacklog > 0 && !pubs.paused() && backlog >= maxBacklog) {
                pubs.pause();
                pauses++;
                pausedSince = System.currentTimeMillis();
            } else if (pubs.paused() && backlog <= maxBacklog / 2) {
                pubs.resume();
                pausedMs += System.currentTimeMillis() - pausedSince;
            }
            if (System.currentTimeMillis() >= nextLog) {
                nextLog += 10_000;
                LOG.info("[ingest] acked {} stored {} backlog {} heap {} MB{}", pubs.acknowledged(), stored,
                        backlog, heap.lastMb(), pubs.paused() ? " (publishers paused)" : "");
            }
        }
        if (pubs.paused()) {
            pausedMs += System.currentTimeMillis() - pausedSince;
        }
        pubs.stop(30_000);
        long acked = pubs.acknowledged();
        long publishEndMs = pubs.lastAckMs();
        LOG.info("[ingest] publishing stopped: {} acknowledged by the broker; waiting for the backlog", acked);
        // Drain: poll faster so that the time of the last commit is known to within a quarter second.
        long stored = -1;
        long lastChangeMs = System.currentTimeMillis();
        long drainDeadline = System.currentTimeMillis() + drainTimeout * 1000L;
        nextLog = System.currentTimeMillis() + 10_000;
        while (true) {
            Prometheus m = scrape(api, service);
            long now = System.currentTimeMillis();
            if (m == null) {
                if (!service.alive() || now - lastChangeMs > stallTimeout * 1000L || now > drainDeadline) {
                    break;
                }
                Thread.sleep(250);
                continue;
            }
            heap.sample(m);
            // Redelivered messages (after the service reconnects to the broker) are accepted again
            // and stored once: count only new samples, or the drain would end too early.
            long s = (long) (m.sum(accepted, "channel=\"telemetry\"") - accepted0)
                    - (long) (m.sum("sitewatch_ingest_duplicates_total", "what=\"value\"") - duplicates0)
                    / CraneTelemetry.METRICS_PER_MESSAGE;
            if (s != stored) {
                stored = s;
                lastChangeMs = now;
            }
            if (stored >= acked || now - lastChangeMs > stallTimeout * 1000L || now > drainDeadline) {
                break;
            }
            if (now >= nextLog) {
                nextLog += 10_000;
                LOG.info("[ingest] draining: stored {} of {}", stored, acked);
            }
            Thread.sleep(250);
        }
        long serviceCpu = Machine.cpuMillis(service.pid()) - serviceCpu0;
        long brokerCpu = Machine.cpuMillis(broker.pid()) - brokerCpu0;
        long pgCpu = Machine.postgresCpuMillis() - pgCpu0;
        long selfCpu = Machine.cpuMillis(ProcessHandle.current().pid()) - selfCpu0;
        long otherCpu = Machine.busyMillis() - busy0 - serviceCpu - brokerCpu - pgCpu - selfCpu;
        Prometheus fin = scrape(api, service);
        if (fin == null) {
            fin = lastGood;
        } else {
            heap.sample(fin);
        }
        pubs.close();
        long[] counts = db.telemetryCounts();
        long rows = counts[0];
        long samples = counts[1];
        double seconds = (lastChangeMs - pubs.firstPublishMs()) / 1000.0;
        double publishSeconds = (publishEndMs - pubs.firstPublishMs()) / 1000.0;
        double ingestRate = samples / seconds;
        TreeMap<Double, Double> lag = fin.buckets("sitewatch_ingest_lag_seconds");
        double commitCount = fin.sum("sitewatch_ingest_commit_seconds_count");
        double commitSum = fin.sum("sitewatch_ingest_commit_seconds_sum");
        double batchCount = fin.sum("sitewatch_ingest_batch_size_messages_count") + fin.sum("sitewatch_ingest_batch_size_count");
        double batchSum = fin.sum("sitewatch_ingest_batch_size_messages_sum") + fin.sum("sitewatch_ingest_batch_size_sum");

        put("ingest_duration_s", duration + " s of publishing (" + fmt2(publishSeconds) + " s first publish → last broker ack)");
        put("ingest_published_acked", Long.toString(acked));
        put("ingest_publish_msg_per_s", fmt(acked / publishSeconds));
        put("ingest_max_broker_backlog", peakBacklog + " messages (acked by the broker − committed, sampled each second)");
        put("ingest_publishers_paused", maxBacklog <= 0 ? "never (--max-backlog 0)"
                : pauses + " times, " + fmt2(pausedMs / 1000.0) + " s in all (above " + maxBacklog
                        + " messages in the broker, resumed below " + maxBacklog / 2 + ")");
        put("ingest_stored_messages", samples + " distinct (device_id, ts) samples; service counted "
                + stored + " accepted");
        put("ingest_seconds", fmt2(seconds) + " (first publish → last commit)");
        put("rows_stored", Long.toString(rows));
        put("commits", fmt(commitCount) + ", mean batch " + fmt(batchSum / Math.max(1, batchCount))
                + " messages, mean commit " + String.format("%.1f", commitSum / Math.max(1, commitCount) * 1000) + " ms");
        put("cpu_pct", "service " + fmt(serviceCpu / 10.0 / seconds) + ", mosquitto " + fmt(brokerCpu / 10.0 / seconds)
                + ", postgres " + fmt(pgCpu / 10.0 / seconds) + ", benchmark publishers " + fmt(selfCpu / 10.0 / seconds)
                + ", everything else " + fmt(Math.max(0, otherCpu) / 10.0 / seconds) + " (% of one core; " + Machine.cores()
                + " cores = " + Machine.cores() * 100 + ")");
        put("service_log", service.log().toString());
        return new Ingest(ingestRate, rows / seconds, Prometheus.quantile(lag, 0.50) * 1000,
                Prometheus.quantile(lag, 0.99) * 1000, acked - samples, heap.peakMb()
                + " (max over 1 s samples of jvm_memory_used_bytes area=heap; -Xmx" + xmx + "); peak old gen "
                + heap.peakOldMb() + " MB");
    }

    private Prometheus lastGood = new Prometheus("");
    private int scrapeFailures;

    /** The service's metrics, or null (counted and reported) when it does not answer or has died. */
    private Prometheus scrape(ServiceApi api, ServiceProcess service) {
        try {
            lastGood = api.metrics();
            return lastGood;
        } catch (IOException e) {
            if (scrapeFailures++ == 0) {
                LOG.warn("[ingest] /metrics did not answer ({}); service alive: {}", e.toString(), service.alive());
            }
            put("service_trouble", scrapeFailures + " failed /metrics scrapes" + (service.alive() ? "" : ", service exited")
                    + "; see " + service.log());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String serviceYaml(int mqttPort, int httpPort, String jdbcUrl) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        sections.computeIfAbsent("http", k -> new LinkedHashMap<>()).put("host", "127.0.0.1");
        sections.get("http").put("port", Integer.toString(httpPort));
        sections.computeIfAbsent("mqtt", k -> new LinkedHashMap<>()).put("url", "tcp://127.0.0.1:" + mqttPort);
        sections.get("mqtt").put("clientId", "sitewatch-bench");
        sections.computeIfAbsent("database", k -> new LinkedHashMap<>()).put("jdbcUrl", jdbcUrl);
        sections.get("database").put("user", pgUser);
        if (pgPassword != null) {
            sections.get("database").put("password", pgPassword);
        }
        serviceConfig.forEach((k, v) -> {
            int dot = k.indexOf('.');
            sections.computeIfAbsent(k.substring(0, dot), s -> new LinkedHashMap<>()).put(k.substring(dot + 1), v);
        });
        StringBuilder y = new StringBuilder("# written by the ingest benchmark\n");
        sections.forEach((section, keys) -> {
            y.append(section).append(":\n");
            keys.forEach((k, v) -> y.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        });
        y.append("auth:\n  tokens:\n    - token: \"").append(TOKEN).append("\"\n      name: bench\n      role: admin\n");
        if (!serviceConfig.isEmpty()) {
            put("service_config_overrides", serviceConfig.toString());
        }
        return y.toString();
    }

    private void put(String key, String value) {
        figures.put(key, value);
    }

    private void printFigures() throws IOException {
        StringBuilder out = new StringBuilder("\n==== SiteWatch ingest benchmark (" + mode + ") ====\n");
        figures.forEach((k, v) -> out.append(k.isEmpty() ? "----\n" : String.format("%-28s %s%n", k + ":", v)));
        out.append("==== end ====\n");
        System.out.print(out);
        Files.writeString(runDir.resolve("figures.txt"), out.toString());
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.0f", v);
    }

    static String fmt2(double v) {
        return String.format("%.2f", v);
    }

    /** Peak of the service's used heap over the samples taken. */
    static final class HeapWatch {
        private double peak;
        private double peakOld;
        private double last;

        void sample(Prometheus m) {
            last = m.sum("jvm_memory_used_bytes", "area=\"heap\"");
            peak = Math.max(peak, last);
            peakOld = Math.max(peakOld, m.sum("jvm_memory_used_bytes", "area=\"heap\"", "Old Gen"));
        }

        long lastMb() {
            return Math.round(last / (1 << 20));
        }

        long peakMb() {
            return Math.round(peak / (1 << 20));
        }

        long peakOldMb() {
            return Math.round(peakOld / (1 << 20));
        }
    }
}
