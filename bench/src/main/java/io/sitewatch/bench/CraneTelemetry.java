package io.sitewatch.bench;

import java.nio.charset.StandardCharsets;

/**
 * Tower-crane telemetry of the wire protocol: one sample per message with the seven core crane
 * metrics, every value inside its physical range, and a timestamp unique per device (one
 * millisecond after the previous one when the clock has not moved on). Values are written as
 * fixed-point text by hand so that the publishers spend their CPU on MQTT, not on formatting.
 */
final class CraneTelemetry {

    static final int METRICS_PER_MESSAGE = 7;

    private final String topic;
    private final int phase;
    private long lastTs;
    private long seq;

    CraneTelemetry(String siteId, String deviceId, int phase) {
        this.topic = "sitewatch/v1/" + siteId + "/" + deviceId + "/telemetry";
        this.phase = phase;
    }

    String topic() {
        return topic;
    }

    /** The next sample, stamped at {@code nowMs} or just after this device's previous one. */
    byte[] next(long nowMs) {
        long ts = Math.max(nowMs, lastTs + 1);
        lastTs = ts;
        long n = seq++;
        int k = (int) ((n + phase) & 0x7fffffff);
        StringBuilder b = new StringBuilder(200);
        b.append("{\"ts\":").append(ts).append(",\"seq\":").append(n & 0xffffffffL).append(",\"values\":{");
        fixed(b.append("\"load_t\":"), k * 37 % 200);              // 0.0–19.9 t       (0–100)
        fixed(b.append(",\"load_pct\":"), k * 53 % 950);           // 0.0–94.9 %       (0–300)
        fixed(b.append(",\"moment_pct\":"), k * 71 % 980);         // 0.0–97.9 %       (0–300)
        fixed(b.append(",\"radius_m\":"), 25 + k * 13 % 575);      // 2.5–59.9 m       (0–100)
        fixed(b.append(",\"height_m\":"), k * 29 % 800);           // 0.0–79.9 m       (-50–400)
        fixed(b.append(",\"slew_deg\":"), k * 17 % 3600);          // 0.0–359.9 °      (0–360)
        fixed(b.append(",\"wind_ms\":"), k * 7 % 150);             // 0.0–14.9 m/s     (0–80)
        b.append("}}");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    long lastTs() {
        return lastTs;
    }

    private static void fixed(StringBuilder b, int tenths) {
        b.append(tenths / 10).append('.').append(tenths % 10);
    }
}
