package io.sitewatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.sitewatch.testkit.TestBroker;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Alarm latency under load (issue 4): background crane telemetry at a steady rate through Mosquitto
 * into the service, while a probe crane publishes a clearance breach (tower_crane.clearance raises
 * on one sample) and the time until the {@code raised} event arrives on the SSE stream is measured,
 * publish to event, end to end. Then two clear samples, and the {@code cleared} event likewise.
 */
@Command(name = "alarm-latency", mixinStandardHelpOptions = true,
        description = "Publish-to-SSE alarm latency with background telemetry.")
public final class AlarmLatencyBenchmark implements Callable<Integer> {

    private static final String TOKEN = "bench-admin-token-0123456789";
    private static final String PROBE_SITE = "BENCH-PROBE";
    private static final String PROBE = "BENCH-PROBE-TC";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--background-rate", defaultValue = "10000", description = "Background msg/s (default ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--devices", defaultValue = "1000", description = "Background cranes (default ${DEFAULT-VALUE}).")
    int devices;
    @Option(names = "--probes", defaultValue = "300", description = "Alarms raised and cleared (default ${DEFAULT-VALUE}).")
    int probes;
    @Option(names = "--warmup", defaultValue = "20", description = "Seconds of background load before probing (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--batch-max-messages", defaultValue = "1000", description = "Service ingest.batchMaxMessages (default ${DEFAULT-VALUE}).")
    int batchMax;
    @Option(names = "--xmx", defaultValue = "512m")
    String xmx;
    @Option(names = "--service-jar", defaultValue = "service/target/sitewatch-service-0.1.0-SNAPSHOT.jar")
    Path serviceJar;
    @Option(names = "--broker-tuning", defaultValue = "service/deploy/mosquitto/conf.d/sitewatch-tuning.conf")
    Path brokerTuning;
    @Option(names = "--mosquitto", defaultValue = "/usr/sbin/mosquitto")
    Path mosquitto;
    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/")
    String pgUrl;
    @Option(names = "--pg-user", defaultValue = "postgres")
    String pgUser;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AlarmLatencyBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Path dir = Files.createDirectories(Path.of("bench/target/runs/alarm_" + stamp));
        BenchDatabase db = new BenchDatabase(pgUrl, pgUser, null, "sw_bench_alarm_" + stamp);
        db.create();
        Vertx vertx = Vertx.vertx();
        try (TestBroker broker = TestBroker.builder().binary(mosquitto).tuning(brokerTuning)
                .directory(dir).fullLog().start()) {
            int httpPort = TestBroker.freePort();
            Path config = dir.resolve("service.yaml");
            Files.writeString(config, """
                    http: {host: 127.0.0.1, port: %d}
                    mqtt: {url: "tcp://127.0.0.1:%d", clientId: sitewatch-bench}
                    database: {jdbcUrl: "%s", user: "%s"}
                    ingest: {batchMaxMessages: %d}
                    auth:
                      tokens:
                        - {token: "%s", name: bench, role: admin}
                    """.formatted(httpPort, broker.port(), db.jdbcUrl(), pgUser, batchMax, TOKEN));
            try (ServiceProcess service = ServiceProcess.start(serviceJar.toAbsolutePath(), xmx, java.util.List.of(), config, httpPort, dir)) {
                ServiceApi api = new ServiceApi(httpPort, TOKEN);
                long deadline = System.currentTimeMillis() + 90_000;
                while (!api.ready()) {
                    if (!service.alive() || System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the service did not come up; see " + service.log());
                    }
                    Thread.sleep(250);
                }
                Fleet fleet = Fleet.of(10, devices);
                for (String s : fleet.siteIds()) {
                    api.putSite(s);
                }
                for (Fleet.Device d : fleet.devices()) {
                    api.putDevice(d.deviceId(), d.siteId());
                }
                api.putSite(PROBE_SITE);
                api.putDevice(PROBE, PROBE_SITE);

                PublisherFleet background = new PublisherFleet(vertx, fleet, 20, 32, rate);
                background.connect(broker.port());
                MqttClientOptions options = new MqttClientOptions().setClientId(PROBE);
                options.setTcpNoDelay(true);
                MqttClient probe = MqttClient.create(vertx, options);
                probe.connect(broker.port(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                BlockingQueue<JsonNode> events = stream(httpPort);
                long started = System.currentTimeMillis();
                background.start();
                System.out.println("background load " + rate + " msg/s over " + devices + " cranes; warming up " + warmup + " s");
                Thread.sleep(warmup * 1000L);

                Histogram raise = new Histogram(60_000_000L, 3);
                Histogram clear = new Histogram(60_000_000L, 3);
                long ts = System.currentTimeMillis() - 1000;
                int missed = 0;
                for (int i = 0; i < probes; i++) {
                    ts = Math.max(ts + 1, System.currentTimeMillis());
                    long t0 = System.nanoTime();
                    publish(probe, ts, 1.5);
                    if (!await(events, "raised", raise, t0)) {
                        missed++;
                    }
                    publish(probe, ++ts, 10);
                    long t1 = System.nanoTime();
                    publish(probe, ++ts, 10);
                    if (!await(events, "cleared", clear, t1)) {
                        missed++;
                    }
                    Thread.sleep(100);
                }
                long elapsed = System.currentTimeMillis() - started;
                background.stop(30_000);
                Prometheus m = api.metrics();
                double evalP99 = Prometheus.quantile(m.buckets("sitewatch_alarm_evaluation_latency_seconds"), 0.99);
                double lagP99 = Prometheus.quantile(m.buckets("sitewatch_ingest_lag_seconds"), 0.99);
                StringBuilder out = new StringBuilder("\n=== SiteWatch alarm latency benchmark ===\n");
                out.append(String.format("background_offered_msg_per_s   %.0f%n", rate));
                out.append(String.format("background_acked_msg_per_s     %.0f%n", background.acknowledged() * 1000.0 / elapsed));
                out.append(String.format("probes                         %d (missed events: %d), service batchMaxMessages %d%n", probes, missed, batchMax));
                out.append(String.format("raise_latency_ms p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", ms(raise, 50), ms(raise, 90),
                        ms(raise, 99), raise.getMaxValue() / 1000.0));
                out.append(String.format("clear_latency_ms p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", ms(clear, 50), ms(clear, 90),
                        ms(clear, 99), clear.getMaxValue() / 1000.0));
                out.append(String.format("service_eval_latency_p99_ms    %.0f (message received → alarm stored and published; bucket bound)%n", evalP99 * 1000));
                out.append(String.format("service_ingest_lag_p99_ms      %.0f (bucket bound)%n", lagP99 * 1000));
                out.append("run folder                     ").append(dir).append('\n');
                System.out.print(out);
                Files.writeString(dir.resolve("figures.txt"), out.toString());
                probe.disconnect();
            }
        } finally {
            vertx.close();
            db.drop();
        }
        return 0;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void publish(MqttClient c, long ts, double clearance) throws Exception {
        c.publish("sitewatch/v1/" + PROBE_SITE + "/" + PROBE + "/telemetry",
                Buffer.buffer("{\"ts\":" + ts + ",\"values\":{\"clearance_m\":" + clearance + "}}"), MqttQoS.AT_LEAST_ONCE, false, false);
    }

    /** Waits for the next clearance event with this transition; records µs since {@code t0}. */
    private static boolean await(BlockingQueue<JsonNode> events, String transition, Histogram h, long t0) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && "tower_crane.clearance".equals(e.path("rule").asText()) && transition.equals(e.path("transition").asText())) {
                h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                return true;
            }
        }
        return false;
    }

    private static BlockingQueue<JsonNode> stream(int port) throws Exception {
        BlockingQueue<JsonNode> q = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alarms/stream?site=" + PROBE_SITE))
                .header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(req, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + r.statusCode());
        }
        Thread reader = new Thread(() -> {
            try {
                r.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        try {
                            q.add(JSON.readTree(line.substring(5).trim()));
                        } catch (Exception ignored) {
                            // not an alarm event
                        }
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                // The stream ends when the service stops at the end of the run; a probe that
                // waited for an event would have counted as missed.
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return q;
    }
}
