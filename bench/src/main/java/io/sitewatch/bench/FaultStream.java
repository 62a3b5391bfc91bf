package io.sitewatch.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One device's messages on one topic in the fault loop, and what became of each: the timestamp it
 * carried (by sequence number), whether the broker acknowledged it, and whether the checker found
 * it in the database. A message is known by (device, ts) — the key the service stores it under —
 * and ts rises strictly with the sequence number, so a stored row maps back to one message.
 *
 * <p>Kinds: quiet crane telemetry (every value below every warning level, so the background raises
 * no alarm), the crane's retained status, a recorder's {@code clock_in} events, and the overload
 * probe: sequences of four samples (moment 105 %, 105 %, 50 %, 50 %) that must raise exactly one
 * {@code tower_crane.moment} alarm each and clear it.
 */
final class FaultStream {

    enum Kind { TELEMETRY, STATUS, EVENT, PROBE }

    static final int PROBE_SEQUENCE = 4;

    final Kind kind;
    final String siteId;
    final String deviceId;
    final String topic;
    private final int phase;
    private long[] tsBySeq = new long[256];
    private int published;
    private final BitSet acked = new BitSet();
    private final BitSet stored = new BitSet();

    FaultStream(Kind kind, String siteId, String deviceId, int phase) {
        this.kind = kind;
        this.siteId = siteId;
        this.deviceId = deviceId;
        this.phase = phase;
        String channel = switch (kind) {
            case TELEMETRY, PROBE -> "telemetry";
            case STATUS -> "status";
            case EVENT -> "event";
        };
        this.topic = "sitewatch/v1/" + siteId + "/" + deviceId + "/" + channel;
    }

    boolean retained() {
        return kind == Kind.STATUS;
    }

    /** Creates the next message, stamped at {@code nowMs} or just after the previous one; returns its sequence number. */
    synchronized int next(long nowMs) {
        long ts = Math.max(nowMs, published == 0 ? 0 : tsBySeq[published - 1] + 1);
        if (published == tsBySeq.length) {
            tsBySeq = Arrays.copyOf(tsBySeq, tsBySeq.length * 2);
        }
        tsBySeq[published] = ts;
        return published++;
    }

    synchronized long ts(int seq) {
        return tsBySeq[seq];
    }

    /** The sequence number of the message stamped {@code ts}, or -1 if none was. */
    synchronized int seqOf(long ts) {
        int i = Arrays.binarySearch(tsBySeq, 0, published, ts);
        return i >= 0 ? i : -1;
    }

    byte[] payload(int seq) {
        long ts = ts(seq);
        int k = (int) ((seq + (long) phase) & 0x7fffffff);
        StringBuilder b = new StringBuilder(200);
        switch (kind) {
            case TELEMETRY -> {
                b.append("{\"ts\":").append(ts).append(",\"seq\":").append(seq).append(",\"values\":{");
                // Below every warning level of rules.yaml: load_t ≤ 0.2 is "not operating" for the
                // no-operator rule, load and moment stay under 90 %, wind under 8 m/s.
                fixed(b.append("\"load_t\":"), k % 3);
                fixed(b.append(",\"load_pct\":"), k * 53 % 800);
                fixed(b.append(",\"moment_pct\":"), k * 71 % 800);
                fixed(b.append(",\"radius_m\":"), 25 + k * 13 % 575);
                fixed(b.append(",\"height_m\":"), k * 29 % 800);
                fixed(b.append(",\"slew_deg\":"), k * 17 % 3600);
                fixed(b.append(",\"wind_ms\":"), k * 7 % 60);
                b.append("}}");
            }
            case PROBE -> b.append("{\"ts\":").append(ts).append(",\"seq\":").append(seq)
                    .append(",\"values\":{\"moment_pct\":").append(seq % PROBE_SEQUENCE < 2 ? "105.0" : "50.0").append("}}");
            case STATUS -> b.append("{\"online\":true,\"ts\":").append(ts).append('}');
            case EVENT -> b.append("{\"ts\":").append(ts).append(",\"type\":\"clock_in\",\"data\":{\"officer_id\":\"")
                    .append(deviceId).append("-OFFICER\",\"role\":\"safety_officer\",\"lat\":26.0").append(k % 10)
                    .append(",\"lon\":119.3").append(k % 10).append("}}");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    synchronized void acked(int seq) {
        acked.set(seq);
    }

    synchronized boolean isAcked(int seq) {
        return acked.get(seq);
    }

    /** Marks the message stamped {@code ts} as found in the database; false if no message carried that ts. */
    synchronized boolean foundStored(long ts) {
        int seq = seqOf(ts);
        if (seq < 0) {
            return false;
        }
        stored.set(seq);
        return true;
    }

    synchronized int published() {
        return published;
    }

    synchronized int ackedCount() {
        return acked.cardinality();
    }

    synchronized int storedCount() {
        return stored.cardinality();
    }

    /** Acknowledged by the broker, not (yet) found stored. */
    synchronized BitSet ackedNotStored() {
        BitSet b = (BitSet) acked.clone();
        b.andNot(stored);
        return b;
    }

    /** Copy of the acknowledged set. */
    synchronized BitSet ackedSnapshot() {
        return (BitSet) acked.clone();
    }

    synchronized boolean isStored(int seq) {
        return stored.get(seq);
    }

    /** Probe: overload sequences whose four samples were all acknowledged. */
    synchronized int completeSequences() {
        int n = 0;
        for (int s = 0; s + PROBE_SEQUENCE <= published; s += PROBE_SEQUENCE) {
            if (acked.get(s, s + PROBE_SEQUENCE).cardinality() == PROBE_SEQUENCE) {
                n++;
            }
        }
        return n;
    }

    private static void fixed(StringBuilder b, int tenths) {
        b.append(tenths / 10).append('.').append(tenths % 10);
    }
}
