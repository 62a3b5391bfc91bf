package io.sitewatch.alarms.engine;

import io.sitewatch.core.model.Received;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.registry.RegistryCache;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and allocation of the alarm engine per telemetry message, without MQTT, PostgreSQL or
 * Vert.x: a fleet of tower cranes, each sending one sample of seven metrics per message at a
 * steady rate of device time, is fed in commit-sized batches through the shard's own evaluation
 * path ({@link AlarmShard#evaluate}); the transitions it queues are taken off unwritten. Message
 * building is outside the measured time; the windows are full (1024 samples) once warm.
 *
 * <p>Two workloads: {@code ingest} sends what the ingest benchmark's publishers send (load, load
 * and moment percentages, radius, height, slew, wind — the 15,000 msg/s profile); {@code all-rules}
 * sends tilt and clearance instead of radius and height, so every crane metric rule is judged.
 * A digest of every transition (all fields but the random id and server times) is printed, so two
 * builds can be shown to decide alike.
 *
 * <p>Not a test: run by hand, e.g.
 * <pre>
 * mvn -q -pl alarms -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xms2g -Xmx2g -cp alarms/target/test-classes:alarms/target/classes:$(cat alarms/target/cp.txt) \
 *     io.sitewatch.alarms.engine.AlarmEvalBenchmark [devices] [rateHz] [warmupS] [measureS] [workload]
 * </pre>
 */
public final class AlarmEvalBenchmark {

    private static final String KIND = "tower_crane";
    private static final int BATCH = 250;
    private static final long T0 = Instant.parse("2025-07-01T02:00:00Z").toEpochMilli();

    private final int devices;
    private final int rateHz;
    private final boolean allRules;
    private final AlarmShard shard;
    private final List<Device> fleet = new ArrayList<>();
    private final MessageDigest digest;
    private long transitions;

    private AlarmEvalBenchmark(int devices, int rateHz, boolean allRules) throws Exception {
        this.devices = devices;
        this.rateHz = rateHz;
        this.allRules = allRules;
        RuleSource rules = new RuleSource(new RuleLoader(WireProtocol.v1(), Clock.systemUTC()), null);
        AlarmEngine engine = new AlarmEngine(null, new RegistryCache(), null, rules,
                new AlarmMetrics(new SimpleMeterRegistry()), null, 1, 600_000, Clock.systemUTC());
        shard = new AlarmShard(0, engine);
        for (int i = 0; i < devices; i++) {
            fleet.add(new Device(String.format("TC%05d", i), "S001", KIND, "crane " + i, 5,
                    JsonNodeFactory.instance.objectNode()));
        }
        digest = MessageDigest.getInstance("SHA-256");
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rateHz = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmupS = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int measureS = args.length > 3 ? Integer.parseInt(args[3]) : 120;
        String workload = args.length > 4 ? args[4] : "both";
        System.out.printf("%d tower cranes, %d samples/s each of device time, warm-up %d s, measured %d s of device time%n",
                devices, rateHz, warmupS, measureS);
        for (String w : workload.equals("both") ? List.of("ingest", "all-rules") : List.of(workload)) {
            new AlarmEvalBenchmark(devices, rateHz, w.equals("all-rules")).run(w, warmupS, measureS);
        }
    }

    private void run(String name, int warmupS, int measureS) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long round = 0;
        long warmRounds = (long) warmupS * rateHz;
        long rounds = warmRounds + (long) measureS * rateHz;
        long nanos = 0;
        long bytes = 0;
        long messages = 0;
        for (; round < rounds; round++) {
            List<List<Received>> batches = round(round);
            boolean measured = round >= warmRounds;
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (List<Received> b : batches) {
                shard.evaluate(b);
            }
            long t1 = System.nanoTime();
            long a1 = threads.getCurrentThreadAllocatedBytes();
            if (measured) {
                nanos += t1 - t0;
                bytes += a1 - a0;
                messages += devices;
            }
            record(shard.drainQueued());
        }
        System.out.printf("%-9s  %,9d messages  %7.0f ns/message  %7.1f ns/value  %7.0f bytes/message  "
                        + "%,d transitions  digest %s%n", name, messages, (double) nanos / messages,
                (double) nanos / messages / 7, (double) bytes / messages, transitions,
                HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    /** One message per crane at the round's device time, in batches as the store commits them. */
    private List<List<Received>> round(long round) {
        List<List<Received>> out = new ArrayList<>();
        List<Received> batch = new ArrayList<>(BATCH);
        long base = T0 + round * 1000 / rateHz;
        for (int i = 0; i < devices; i++) {
            Device d = fleet.get(i);
            long ts = base + i % 37;
            int k = (int) ((round + i * 7919L) & 0x7fffffff);
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("load_t", tenths(k * 37 % 200));
            values.put("load_pct", tenths(k * 53 % 950));
            values.put("moment_pct", tenths(k * 71 % 980));
            if (allRules) {
                values.put("tilt_deg", k * 11 % 30 / 100.0);
                values.put("clearance_m", tenths(k * 43 % 500));
            } else {
                values.put("radius_m", tenths(25 + k * 13 % 575));
                values.put("height_m", tenths(k * 29 % 800));
            }
            values.put("slew_deg", tenths(k * 17 % 3600));
            values.put("wind_ms", tenths(k * 7 % 150));
            IngestRecord rec = new IngestRecord.Telemetry(d, List.of(new Sample(ts, round, values)), 0);
            batch.add(new Received(rec, ts + 40));
            if (batch.size() == BATCH) {
                out.add(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    private static double tenths(int n) {
        return n / 10.0;
    }

    private void record(List<AlarmChange> changes) {
        for (AlarmChange c : changes) {
            Alarm a = c.alarm();
            String line = String.join("|", c.transition().code(), a.deviceId(), a.rule(), String.valueOf(a.metric()),
                    a.level().code(), a.state().code(), Double.toString(a.value()), Double.toString(a.threshold()),
                    Long.toString(a.startTs()), String.valueOf(a.endTs()), String.valueOf(a.detail()));
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            transitions++;
        }
    }
}
