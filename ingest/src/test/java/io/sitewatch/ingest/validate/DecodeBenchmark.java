package io.sitewatch.ingest.validate;

import io.sitewatch.ingest.decode.DecodeResult;
import io.sitewatch.ingest.decode.MessageDecoder;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Stand-alone benchmark (not a test) of decode + validate for one realistic tower-crane message
 * (about a fifth of the service's CPU in a profile at 15,000 crane messages/s). Prints wall and
 * CPU ns and bytes allocated per message on this thread. Run (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl ingest test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xms1g -Xmx1g -cp ingest/target/classes:ingest/target/test-classes:$(cat ingest/target/cp.txt) \
 *     io.sitewatch.ingest.validate.DecodeBenchmark [messages per round, default 3000000] [rounds, default 5] \
 *     [tree|reader|both, default both: which path; one per JVM keeps their JIT profiles apart]
 * </pre>
 */
public final class DecodeBenchmark {

    private static final String TOPIC = "sitewatch/v1/S01/TC0001/telemetry";
    private static final long START = 1_764_230_400_123L;
    /** Distinct payloads cycled through, so that branch prediction cannot learn one message. */
    private static final int PAYLOADS = 1024;

    private final MessageDecoder decoder = new MessageDecoder();
    private final MessageValidator validator;
    private final MessageReader reader;
    private final byte[][] payloads = new byte[PAYLOADS][];

    private DecodeBenchmark() {
        Device crane = new Device("TC0001", "S01", "tower_crane", "1#塔吊", 10, null);
        Map<String, Device> devices = Map.of(crane.deviceId(), crane);
        validator = new MessageValidator(WireProtocol.v1(), devices::get);
        reader = new MessageReader(WireProtocol.v1(), devices::get);
        for (int i = 0; i < PAYLOADS; i++) {
            payloads[i] = crane(START + i * 1000L, 42 + i, i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Seven crane metrics, fixed-point with one or two decimals, as crane controllers send them. */
    private static String crane(long ts, long seq, int k) {
        return String.format(Locale.ROOT, "{\"ts\":%d,\"seq\":%d,\"values\":{\"moment_pct\":%.1f,\"load_pct\":%.1f,"
                        + "\"load_t\":%.2f,\"wind_ms\":%.1f,\"tilt_deg\":%.2f,\"clearance_m\":%.1f,\"slew_deg\":%.1f}}",
                ts, seq, 40 + k % 50 + 0.2, 30 + k % 40 + 0.5, 1 + k % 7 * 0.35, 2 + k % 9 * 0.7, k % 5 * 0.03,
                8 + k % 20 * 0.4, k * 7 % 3600 / 10.0);
    }

    /** The general path: tree decode, then the tree walk of the validator (the only path before MessageReader). */
    private long tree(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            byte[] payload = payloads[i & (PAYLOADS - 1)];
            DecodeResult d = decoder.decode(TOPIC, payload);
            ValidationResult r = validator.validate((DecodeResult.Decoded) d, START + PAYLOADS * 1000L);
            sink += ((IngestRecord.Telemetry) ((ValidationResult.Accepted) r).record()).samples().get(0).ts();
        }
        return sink;
    }

    /** The entry point the pipeline calls; plain telemetry like this takes its streaming pass. */
    private long reader(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            byte[] payload = payloads[i & (PAYLOADS - 1)];
            ValidationResult r = reader.read(TOPIC, payload, START + PAYLOADS * 1000L).result();
            sink += ((IngestRecord.Telemetry) ((ValidationResult.Accepted) r).record()).samples().get(0).ts();
        }
        return sink;
    }

    private interface Path {
        long run(int messages);
    }

    private static void measure(String name, Path path, int messages) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long bytes0 = threads.getThreadAllocatedBytes(thread);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long sink = path.run(messages);
        long t1 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        long bytes1 = threads.getThreadAllocatedBytes(thread);
        System.out.printf(Locale.ROOT, "%-6s %8.1f ns/msg %8.1f cpu-ns/msg %8.1f bytes/msg  (%d messages, sink %d)%n", name,
                (t1 - t0) / (double) messages, (cpu1 - cpu0) / (double) messages, (bytes1 - bytes0) / (double) messages,
                messages, sink & 0xff);
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String only = args.length > 2 ? args[2] : "both";
        DecodeBenchmark b = new DecodeBenchmark();
        System.out.println("payload: " + new String(b.payloads[1], StandardCharsets.UTF_8));
        for (int r = 0; r <= rounds; r++) {
            System.out.println(r == 0 ? "warm-up" : "round " + r);
            if (!only.equals("reader")) {
                measure("tree", b::tree, messages);
            }
            if (!only.equals("tree")) {
                measure("reader", b::reader, messages);
            }
        }
    }
}
